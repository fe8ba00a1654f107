package dev.successscore.health.security;

import static dev.successscore.runtime.security.SecuredServers.assertIsolated;
import static dev.successscore.runtime.security.SecuredServers.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.health.HealthServiceHarness;
import dev.successscore.health.grpc.HealthMethodRoles;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.Role;
import dev.successscore.runtime.security.SecuredServers;
import dev.successscore.runtime.testing.MovableClock;
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
import successscore.health.v1.EnrollMonitoringRequest;
import successscore.health.v1.GetTechnicalHealthRequest;
import successscore.health.v1.HealthServiceGrpc;
import successscore.health.v1.ListOpenAlertsRequest;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportHeartbeatRequest;
import successscore.health.v1.ResolveAlertRequest;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;

/**
 * health-service behind the real authenticating interceptor: every RPC taking a tenant id answers a foreign tenant
 * exactly as a tenant that does not exist, roles are checked and a call without a token is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthAuthorizationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String OWN = "acme";
    private static final String FOREIGN = "globex";

    private final SecuredServers secured = new SecuredServers();
    private HealthServiceHarness health;
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeAll
    void start() {
        health = new HealthServiceHarness(new MovableClock(NOW));
        for (String tenant : List.of(OWN, FOREIGN)) {
            health.enroll(tenant, HealthServiceHarness.ALL);
            health.heartbeat(tenant, HealthServiceHarness.ALL);
            health.report(tenant, List.of(HealthServiceHarness.alert("a1", Subcategory.SUBCATEGORY_PERFORMANCE,
                    Severity.SEVERITY_CRITICAL, NOW.minus(Duration.ofHours(1)))));
        }
        health.measureDue();
        server = secured.serve(HealthMethodRoles.ROLES, health.service.grpcServices());
        channel = server.newChannel();
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
        health.close();
    }

    private HealthServiceGrpc.HealthServiceBlockingStub as(String token) {
        return HealthServiceGrpc.newBlockingStub(SecuredServers.as(channel, token))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private void isolated(String rpc, Consumer<String> call) {
        assertIsolated(rpc, call, OWN, FOREIGN, "none-" + rpc);
    }

    @Test
    void everyRpcTakingATenantAnswersAForeignTenantAsAMissingOne() {
        var stub = as(secured.token("monitoring@acme", List.of(OWN), Role.INGEST, Role.READ));
        assertIsolated("EnrollMonitoring", t -> stub.enrollMonitoring(EnrollMonitoringRequest.newBuilder()
                .setTenantId(t).addAllSubcategories(HealthServiceHarness.ALL).build()),
                OWN, FOREIGN, "new-tenant");
        isolated("ReportAlerts", t -> stub.reportAlerts(ReportAlertsRequest.newBuilder().setTenantId(t)
                .addAlerts(HealthServiceHarness.alert("a2", Subcategory.SUBCATEGORY_SECURITY,
                        Severity.SEVERITY_MINOR, NOW.minus(Duration.ofMinutes(30)))).build()));
        isolated("ResolveAlert", t -> stub.resolveAlert(ResolveAlertRequest.newBuilder().setTenantId(t)
                .setAlertId("a1").setResolvedAt(ProtoTime.timestamp(NOW)).build()));
        isolated("ReportHeartbeat", t -> stub.reportHeartbeat(ReportHeartbeatRequest.newBuilder().setTenantId(t)
                .addAllSubcategories(HealthServiceHarness.ALL).setObservedAt(ProtoTime.timestamp(NOW)).build()));
        isolated("ListOpenAlerts", t -> stub.listOpenAlerts(ListOpenAlertsRequest.newBuilder().setTenantId(t)
                .build()));
        isolated("GetTechnicalHealth", t -> stub.getTechnicalHealth(GetTechnicalHealthRequest.newBuilder()
                .setTenantId(t).build()));
    }

    @Test
    void aCallerWithoutTheRoleIsRefused() {
        var reader = as(secured.token("reader@acme", List.of(OWN), Role.READ));
        var ingester = as(secured.token("monitoring@acme", List.of(OWN), Role.INGEST));
        assertThat(code(() -> reader.reportHeartbeat(ReportHeartbeatRequest.newBuilder().setTenantId(OWN)
                .addAllSubcategories(HealthServiceHarness.ALL).setObservedAt(ProtoTime.timestamp(NOW)).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> ingester.listOpenAlerts(ListOpenAlertsRequest.newBuilder().setTenantId(OWN)
                .build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> reader.listOpenAlerts(ListOpenAlertsRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertThat(code(() -> as(null).getTechnicalHealth(GetTechnicalHealthRequest.newBuilder().setTenantId(OWN)
                .build()))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
}
