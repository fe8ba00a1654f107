package dev.successscore.expertise.grpc;

import dev.successscore.runtime.security.Role;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;
import successscore.expertise.v1.ExpertiseServiceGrpc;

import static dev.successscore.expertise.grpc.ExpertiseMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/** Every RPC expertise-service binds requires a declared role: an RPC added without one fails here, not in production. */
class ExpertiseMethodRolesTest {

    /** The services expertise-service binds, as their generated definitions. */
    static ServerServiceDefinition[] boundServices() {
        return new ServerServiceDefinition[] {
                new successscore.expertise.v1.ExpertiseServiceGrpc.ExpertiseServiceImplBase() {
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
        assertThat(ROLES.required(ExpertiseServiceGrpc.getRecordCreditsMethod().getFullMethodName())).contains(Role.INGEST);
    }

    @Test
    void theEventFeedIsReadOnEveryTenantWithRead() {
        assertThat(ROLES.required(successscore.feed.v1.EventFeedServiceGrpc.getStreamEventsMethod()
                .getFullMethodName())).contains(Role.READ);
    }
}
