package dev.successscore.health.grpc;

import dev.successscore.runtime.security.Role;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;
import successscore.health.v1.HealthServiceGrpc;

import static dev.successscore.health.grpc.HealthMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/** Every RPC health-service binds requires a declared role: an RPC added without one fails here, not in production. */
class HealthMethodRolesTest {

    /** The services health-service binds, as their generated definitions. */
    static ServerServiceDefinition[] boundServices() {
        return new ServerServiceDefinition[] {
                new successscore.health.v1.HealthServiceGrpc.HealthServiceImplBase() {
                }.bindService(),
                new successscore.feed.v1.EventFeedServiceGrpc.EventFeedServiceImplBase() {
                }.bindService()
        };
    }

    @Test
    void everyBoundRpcHasARole() {
        assertThat(ROLES.undeclared(boundServices())).isEmpty();
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
