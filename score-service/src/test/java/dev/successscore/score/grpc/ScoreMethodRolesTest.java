package dev.successscore.score.grpc;

import dev.successscore.runtime.security.Role;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;
import successscore.score.v1.ScoreServiceGrpc;

import static dev.successscore.score.grpc.ScoreMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/** Every RPC score-service binds requires a declared role: an RPC added without one fails here, not in production. */
class ScoreMethodRolesTest {

    /** The services score-service binds, as their generated definitions. */
    static ServerServiceDefinition[] boundServices() {
        return new ServerServiceDefinition[] {
                new successscore.score.v1.ScoreServiceGrpc.ScoreServiceImplBase() {
                }.bindService(),
                new successscore.score.v1.ScoreAdminServiceGrpc.ScoreAdminServiceImplBase() {
                }.bindService()
        };
    }

    @Test
    void everyBoundRpcHasARole() {
        assertThat(ROLES.undeclared(boundServices())).isEmpty();
    }

    @Test
    void rolesFollowTheProductsDecision() {
        assertThat(ROLES.required(ScoreServiceGrpc.getPublishPolicyMethod().getFullMethodName())).contains(Role.ADMIN);
    }
}
