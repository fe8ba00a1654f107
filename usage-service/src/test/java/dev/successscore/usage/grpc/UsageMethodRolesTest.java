package dev.successscore.usage.grpc;

import dev.successscore.runtime.security.Role;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.UsageServiceGrpc;

import static dev.successscore.usage.grpc.UsageMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/** Every RPC usage-service binds requires a declared role: an RPC added without one fails here, not in production. */
class UsageMethodRolesTest {

    /** The services usage-service binds, as their generated definitions. */
    static ServerServiceDefinition[] boundServices() {
        return new ServerServiceDefinition[] {
                new successscore.usage.v1.UsageServiceGrpc.UsageServiceImplBase() {
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
        assertThat(ROLES.required(UsageServiceGrpc.getRecordActivitiesMethod().getFullMethodName())).contains(Role.INGEST);
    }

    @Test
    void theEventFeedIsReadOnEveryTenantWithRead() {
        assertThat(ROLES.required(successscore.feed.v1.EventFeedServiceGrpc.getStreamEventsMethod()
                .getFullMethodName())).contains(Role.READ);
    }
}
