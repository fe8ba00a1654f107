package dev.successscore.score.grpc;

import dev.successscore.runtime.security.Role;
import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.runtime.testing.MovableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.score.v1.ScoreServiceGrpc;

import static dev.successscore.score.grpc.ScoreMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RPC score-service binds, as the running service lists them, requires a declared role:
 * an RPC or a service added without one fails here, not in production.
 */
class ScoreMethodRolesTest {

    private static ScoreServiceHarness score;

    @BeforeAll
    static void start() {
        score = new ScoreServiceHarness(new MovableClock(Instant.parse("2026-03-02T08:00:00Z")));
    }

    @AfterAll
    static void stop() {
        score.close();
    }

    @Test
    void everyRpcOfEveryServiceTheServiceBindsHasARole() {
        assertThat(score.server.serviceNames()).as("found what the service binds")
                .contains("successscore.score.v1.ScoreService", "successscore.score.v1.ScoreAdminService");
        assertThat(ROLES.undeclared(score.service.grpcServices())).isEmpty();
    }

    @Test
    void rolesFollowTheProductsDecision() {
        assertThat(ROLES.required(ScoreServiceGrpc.getPublishPolicyMethod().getFullMethodName())).contains(Role.ADMIN);
    }
}
