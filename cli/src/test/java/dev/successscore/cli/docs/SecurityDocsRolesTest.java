package dev.successscore.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.expertise.grpc.ExpertiseMethodRoles;
import dev.successscore.health.grpc.HealthMethodRoles;
import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.score.grpc.ScoreMethodRoles;
import dev.successscore.usage.grpc.UsageMethodRoles;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.health.v1.HealthServiceGrpc;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * The table of roles per RPC in docs/security.md says what the services enforce: every RPC of a service appears
 * exactly once, under the role its method roles require.
 */
class SecurityDocsRolesTest {

    private static final Path DOC = Path.of("..", "docs", "security.md");
    private static final List<String> ROLE_COLUMNS = List.of("INGEST", "READ", "AUDIT", "ADMIN");

    private record Served(MethodRoles roles, List<ServiceDescriptor> services) {
    }

    private static final Map<String, Served> SERVICES = Map.of(
            "score-service", new Served(ScoreMethodRoles.ROLES, List.of(ScoreServiceGrpc.getServiceDescriptor(),
                    ScoreAdminServiceGrpc.getServiceDescriptor())),
            "usage-service", new Served(UsageMethodRoles.ROLES, List.of(UsageServiceGrpc.getServiceDescriptor(),
                    EventFeedServiceGrpc.getServiceDescriptor())),
            "expertise-service", new Served(ExpertiseMethodRoles.ROLES,
                    List.of(ExpertiseServiceGrpc.getServiceDescriptor(), EventFeedServiceGrpc.getServiceDescriptor())),
            "health-service", new Served(HealthMethodRoles.ROLES, List.of(HealthServiceGrpc.getServiceDescriptor(),
                    EventFeedServiceGrpc.getServiceDescriptor())));

    @ParameterizedTest
    @ValueSource(strings = {"score-service", "usage-service", "expertise-service", "health-service"})
    void theRoleTableNamesEveryRpcOfTheServiceUnderTheRoleItRequires(String service) throws IOException {
        Served served = SERVICES.get(service);
        Map<String, String> enforced = new TreeMap<>();
        for (ServiceDescriptor descriptor : served.services()) {
            for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
                enforced.put(method.getFullMethodName(), served.roles().required(method.getFullMethodName())
                        .map(Enum::name).orElse("none"));
            }
        }
        assertThat(documented(service, served.services())).isEqualTo(enforced);
    }

    /** Full method name to role, from the table row of {@code service}; a cell lists methods of the first
     *  service, then {@code Other: a, b} for another of its services, separated by semicolons. */
    private static Map<String, String> documented(String service, List<ServiceDescriptor> services)
            throws IOException {
        String row = Files.readAllLines(DOC).stream().filter(line -> line.startsWith("| " + service + " |"))
                .findFirst().orElseThrow(() -> new AssertionError("docs/security.md has no role row for " + service));
        String[] cells = row.split("\\|");
        Map<String, String> documented = new TreeMap<>();
        for (int column = 0; column < ROLE_COLUMNS.size(); column++) {
            for (String part : cells[column + 2].split(";")) {
                String text = part.trim();
                if (text.isEmpty()) {
                    continue;
                }
                ServiceDescriptor owner = services.get(0);
                int colon = text.indexOf(':');
                if (colon > 0) {
                    String name = text.substring(0, colon).trim();
                    owner = services.stream().filter(s -> s.getName().endsWith("." + name)).findFirst()
                            .orElseThrow(() -> new AssertionError(service + " serves no " + name));
                    text = text.substring(colon + 1);
                }
                for (String method : text.split(",")) {
                    String previous = documented.put(owner.getName() + "/" + method.trim(), ROLE_COLUMNS.get(column));
                    assertThat(previous).as("%s listed twice", method.trim()).isNull();
                }
            }
        }
        return documented;
    }
}
