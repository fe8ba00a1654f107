package dev.successscore.expertise.security;

import static dev.successscore.expertise.ExpertiseServiceHarness.certification;
import static dev.successscore.expertise.ExpertiseServiceHarness.credit;
import static dev.successscore.runtime.security.SecuredServers.assertIsolated;
import static dev.successscore.runtime.security.SecuredServers.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.expertise.ExpertiseServiceHarness;
import dev.successscore.expertise.grpc.ExpertiseMethodRoles;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.Role;
import dev.successscore.runtime.security.SecuredServers;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.usage.Tenants;
import dev.successscore.usage.UsageServiceHarness;
import dev.successscore.usage.UsageServiceSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import successscore.expertise.v1.CreditKind;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.expertise.v1.GetExpertiseRequest;
import successscore.expertise.v1.ListCreditsRequest;
import successscore.expertise.v1.ListLearnersRequest;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.expertise.v1.RenewCertificationRequest;
import successscore.expertise.v1.RevokeCreditRequest;

/**
 * expertise-service behind the real authenticating interceptor: every RPC taking a tenant id answers a foreign
 * tenant exactly as a tenant that does not exist, roles are checked and a call without a token is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpertiseAuthorizationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String OWN = "acme";
    private static final String FOREIGN = "globex";

    private final SecuredServers secured = new SecuredServers();
    private final MovableClock clock = new MovableClock(NOW);
    private UsageServiceHarness usage;
    private ExpertiseServiceHarness expertise;
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeAll
    void start() {
        usage = new UsageServiceHarness(clock, UsageServiceSettings.defaults().withoutBackgroundMeasuring());
        expertise = new ExpertiseServiceHarness(clock, usage.server.newChannel());
        for (String tenant : List.of(OWN, FOREIGN)) {
            Tenants.workedExample(usage, tenant, NOW);
            expertise.record(tenant, List.of(
                    credit("badge-1", Tenants.user(1), CreditKind.CREDIT_KIND_BADGE, NOW.minus(Duration.ofDays(5))),
                    credit("badge-2", Tenants.user(2), CreditKind.CREDIT_KIND_BADGE, NOW.minus(Duration.ofDays(5))),
                    certification("cert-1", Tenants.user(1), NOW.minus(Duration.ofDays(4)),
                            NOW.plus(Duration.ofDays(700)))));
        }
        expertise.measureDue();
        server = secured.serve(ExpertiseMethodRoles.ROLES, expertise.service.grpcServices());
        channel = server.newChannel();
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
        expertise.close();
        usage.close();
    }

    private ExpertiseServiceGrpc.ExpertiseServiceBlockingStub as(String token) {
        return ExpertiseServiceGrpc.newBlockingStub(SecuredServers.as(channel, token))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private void isolated(String rpc, Consumer<String> call) {
        assertIsolated(rpc, call, OWN, FOREIGN, "none-" + rpc);
    }

    @Test
    void everyRpcTakingATenantAnswersAForeignTenantAsAMissingOne() {
        var stub = as(secured.token("lms@acme", List.of(OWN), Role.INGEST, Role.READ));
        assertIsolated("RecordCredits", t -> stub.recordCredits(RecordCreditsRequest.newBuilder().setTenantId(t)
                .addCredits(credit("badge-3", Tenants.user(3), CreditKind.CREDIT_KIND_BADGE,
                        NOW.minus(Duration.ofDays(1)))).build()), OWN, FOREIGN, "new-tenant");
        isolated("RenewCertification", t -> stub.renewCertification(RenewCertificationRequest.newBuilder()
                .setTenantId(t).setCreditId("cert-1").setExpiresAt(ProtoTime.timestamp(NOW.plus(Duration.ofDays(900))))
                .build()));
        isolated("RevokeCredit", t -> stub.revokeCredit(RevokeCreditRequest.newBuilder().setTenantId(t)
                .setCreditId("badge-2").build()));
        isolated("ListCredits", t -> stub.listCredits(ListCreditsRequest.newBuilder().setTenantId(t).build()));
        isolated("ListLearners", t -> stub.listLearners(ListLearnersRequest.newBuilder().setTenantId(t).build()));
        isolated("GetExpertise", t -> stub.getExpertise(GetExpertiseRequest.newBuilder().setTenantId(t).build()));
    }

    @Test
    void aCallerWithoutTheRoleIsRefused() {
        var reader = as(secured.token("reader@acme", List.of(OWN), Role.READ));
        var ingester = as(secured.token("lms@acme", List.of(OWN), Role.INGEST));
        assertThat(code(() -> reader.recordCredits(RecordCreditsRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> ingester.listCredits(ListCreditsRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> reader.listCredits(ListCreditsRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertThat(code(() -> as(null).listCredits(ListCreditsRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
}
