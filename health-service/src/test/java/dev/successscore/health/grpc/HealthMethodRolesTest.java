package dev.successscore.health.grpc;

import dev.successscore.runtime.security.Role;
import dev.successscore.health.HealthServiceHarness;
import dev.successscore.runtime.testing.MovableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.health.v1.HealthServiceGrpc;

import static dev.successscore.health.grpc.HealthMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RPC health-service binds, as the running service lists them, requires a declared role:
 * an RPC or a service added without one fails here, not in production.
 */
class HealthMethodRolesTest {

    private static HealthServiceHarness health;

    @BeforeAll
    static void start() {
        health = new HealthServiceHarness(new MovableClock(Instant.parse("2026-03-02T08:00:00Z")));
    }

    @AfterAll
    static void stop() {
        health.close();
    }

    @Test
    void everyRpcOfEveryServiceTheServiceBindsHasARole() {
        assertThat(health.server.serviceNames()).as("found what the service binds")
                .contains("successscore.health.v1.HealthService", "successscore.feed.v1.EventFeedService");
        assertThat(ROLES.undeclared(health.service.grpcServices())).isEmpty();
    }

    @Test
    void rolesFollowTheProductsDecision() {
        assertThat(ROLES.required(HealthServiceGrpc.getReportAlertsMethod().getFullMethodName())).contains(Role.INGEST);
    }

    @Test
    void theEventFeedIsReadOnEveryTenantWithRead() {
        assertThat(ROLES.required(successscore.feed.v1.EventFeedServiceGrpc.getStreamEventsMethod()
                .getFullMethodName())).contains(Role.READ);
    }
}
