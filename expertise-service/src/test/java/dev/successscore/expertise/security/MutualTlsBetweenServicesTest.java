package dev.successscore.expertise.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.successscore.expertise.ExpertiseServiceApp;
import dev.successscore.expertise.ExpertiseServiceHarness;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.testing.TestDatabases;
import dev.successscore.runtime.tls.TestCertificates;
import dev.successscore.runtime.tls.TestCertificates.Authority;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import dev.successscore.usage.UsageServiceApp;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import successscore.expertise.v1.CreditKind;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.expertise.v1.GetExpertiseRequest;
import successscore.expertise.v1.GetExpertiseResponse;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.signal.v1.Signal;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service and expertise-service started from their main classes with certificates of a test CA: callers with
 * a certificate of that CA are served over mutual TLS, a certificate of another CA and plaintext are refused in the
 * handshake, Kubernetes' probes get the health service alone in plaintext, and expertise-service reads its rosters
 * from usage-service over mutual TLS.
 */
class MutualTlsBetweenServicesTest {

    private static final String TENANT = "tls-tenant";

    @TempDir
    static Path dir;

    private static Path ca;
    private static RunningService usage;
    private static RunningService expertise;
    private static TransportSecurity operator;
    private static TransportSecurity intruder;
    private static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() {
        Authority suite = TestCertificates.authority("Suite CA");
        ca = suite.writeTo(dir.resolve("ca.crt"));
        // both name localhost, the host the services and the test call
        suite.server("usage-service").writeTo(dir, "usage-service");
        suite.server("expertise-service").writeTo(dir, "expertise-service");
        suite.client("operator").writeTo(dir, "operator");
        TestCertificates.authority("Foreign CA").client("intruder").writeTo(dir, "intruder");
        operator = TransportSecurity.start(identity("operator"));
        intruder = TransportSecurity.start(TlsSettings.files(dir.resolve("intruder.crt"), dir.resolve("intruder.key"),
                ca));

        Map<String, String> usageEnv = serviceEnvironment("usage-service", "USAGE");
        usage = UsageServiceApp.start(Settings.of(usageEnv));
        Map<String, String> expertiseEnv = serviceEnvironment("expertise-service", "EXPERTISE");
        expertiseEnv.put("CSS_EXPERTISE_USAGE_TARGET", "localhost:" + usage.port());
        expertise = ExpertiseServiceApp.start(Settings.of(expertiseEnv));
    }

    @AfterAll
    static void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        if (expertise != null) {
            expertise.close();
        }
        if (usage != null) {
            usage.close();
        }
        operator.close();
        intruder.close();
    }

    /** A service's variables: its certificate, a fresh database, any free ports, callers not authenticated. */
    private static Map<String, String> serviceEnvironment(String service, String prefix) {
        Map<String, String> env = new HashMap<>();
        env.put(TlsSettings.CERT, dir.resolve(service + ".crt").toString());
        env.put(TlsSettings.KEY, dir.resolve(service + ".key").toString());
        env.put(TlsSettings.CA, ca.toString());
        env.put(DatabaseSettings.URL, TestDatabases.freshJdbcUrl());
        env.put(DatabaseSettings.USER, "postgres");
        env.put("CSS_AUTH_DISABLED", "true");
        env.put("CSS_" + prefix + "_PORT", "0");
        env.put("CSS_" + prefix + "_METRICS_PORT", "0");
        env.put("CSS_" + prefix + "_PROBE_PORT", "0");
        env.put("CSS_" + prefix + "_MEASURE_DELAY", "0s");
        env.put("CSS_" + prefix + "_MEASURE_POLL", "100ms");
        return env;
    }

    private static TlsSettings identity(String name) {
        return TlsSettings.files(dir.resolve(name + ".crt"), dir.resolve(name + ".key"), ca);
    }

    private static ManagedChannel channel(int port, ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
        channels.add(channel);
        return channel;
    }

    private static UsageServiceGrpc.UsageServiceBlockingStub usage(ChannelCredentials credentials) {
        return UsageServiceGrpc.newBlockingStub(channel(usage.port(), credentials))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static StatusRuntimeException refused(Runnable call) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refused).as("the call must be refused").isNotNull();
        assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString())
                .isEqualTo(Status.Code.UNAVAILABLE);
        return refused;
    }

    @Test
    void aCallerWithACertificateOfTheSuitesCaIsServedOverMutualTls() {
        var stub = usage(operator.channelCredentials());
        stub.setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId("served-tenant").setLicensedSeats(3)
                .addEnabledFeatures("reports").build());
        stub.registerUser(RegisterUserRequest.newBuilder().setTenantId("served-tenant").setUserId("u1")
                .setDepartment("d").setOrgLevel(OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR).build());

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(usage(operator.channelCredentials())
                .listUsers(ListUsersRequest.newBuilder().setTenantId("served-tenant").build()).getUsersList())
                .singleElement().satisfies(user -> assertThat(user.getUserId()).isEqualTo("u1")));
    }

    @Test
    void aCallerWithACertificateOfAForeignCaIsRefusedInTheHandshake() {
        StatusRuntimeException refused = refused(() -> usage(intruder.channelCredentials())
                .listUsers(ListUsersRequest.newBuilder().setTenantId(TENANT).build()));

        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = refused; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        assertThat(causes).as(refused.getStatus().toString()).anyMatch(SSLException.class::isInstance);
    }

    @Test
    void aPlaintextCallerIsRefused() {
        refused(() -> usage(InsecureChannelCredentials.create())
                .listUsers(ListUsersRequest.newBuilder().setTenantId(TENANT).build()));
    }

    @Test
    void probesGetTheHealthServiceAloneInPlaintext() {
        for (RunningService service : List.of(usage, expertise)) {
            assertThat(service.probePort()).as(service.name()).isPresent();
            ManagedChannel probe = channel(service.probePort().getAsInt(), InsecureChannelCredentials.create());

            assertThat(HealthGrpc.newBlockingStub(probe).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .as(service.name()).isEqualTo(ServingStatus.SERVING);
        }
        ManagedChannel usageProbe = channel(usage.probePort().getAsInt(), InsecureChannelCredentials.create());
        assertThatThrownBy(() -> UsageServiceGrpc.newBlockingStub(usageProbe).withDeadlineAfter(5, TimeUnit.SECONDS)
                .listUsers(ListUsersRequest.newBuilder().setTenantId(TENANT).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void expertiseServiceReadsTheRosterFromUsageServiceOverMutualTls() {
        var usageStub = usage(operator.channelCredentials());
        usageStub.setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId(TENANT).setLicensedSeats(5)
                .addEnabledFeatures("reports").build());
        for (int i = 0; i < 5; i++) {
            usageStub.registerUser(RegisterUserRequest.newBuilder().setTenantId(TENANT).setUserId("u" + i)
                    .setDepartment("d").setOrgLevel(OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR).build());
        }
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(usage(operator.channelCredentials())
                .listUsers(ListUsersRequest.newBuilder().setTenantId(TENANT).build()).getUsersList()).hasSize(5));
        var expertiseStub = ExpertiseServiceGrpc.newBlockingStub(channel(expertise.port(),
                operator.channelCredentials()));
        expertiseStub.withDeadlineAfter(10, TimeUnit.SECONDS).recordCredits(RecordCreditsRequest.newBuilder()
                .setTenantId(TENANT)
                .addCredits(ExpertiseServiceHarness.credit("c1", "u0", CreditKind.CREDIT_KIND_BADGE,
                        Instant.now().minus(Duration.ofDays(3))))
                .build());

        // one learner among the five users of the roster usage-service answered
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().untilAsserted(() -> {
            GetExpertiseResponse current = expertiseStub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getExpertise(GetExpertiseRequest.newBuilder().setTenantId(TENANT).build());
            assertThat(current.getRosterFromCache()).isFalse();
            assertThat(current.getSignalsList()).filteredOn(signal -> signal.getKey().equals("learner_coverage"))
                    .singleElement().extracting(Signal::getScore).isEqualTo(20);
        });
    }

    @Test
    void aServiceWithoutTlsFilesAndWithoutInsecureRefusesToStart() {
        Map<String, String> env = serviceEnvironment("usage-service", "USAGE");
        env.remove(TlsSettings.CERT);
        env.remove(TlsSettings.KEY);
        env.remove(TlsSettings.CA);

        assertThatThrownBy(() -> UsageServiceApp.start(Settings.of(env)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TlsSettings.CERT)
                .hasMessageContaining(TlsSettings.INSECURE + "=true");
    }
}
