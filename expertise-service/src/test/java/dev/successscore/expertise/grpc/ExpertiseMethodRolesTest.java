package dev.successscore.expertise.grpc;

import dev.successscore.runtime.security.Role;
import dev.successscore.expertise.ExpertiseServiceHarness;
import dev.successscore.runtime.testing.MovableClock;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.expertise.v1.ExpertiseServiceGrpc;

import static dev.successscore.expertise.grpc.ExpertiseMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RPC expertise-service binds, as the running service lists them, requires a declared role:
 * an RPC or a service added without one fails here, not in production.
 */
class ExpertiseMethodRolesTest {

    private static ManagedChannel nowhere;
    private static ExpertiseServiceHarness expertise;

    @BeforeAll
    static void start() {
        nowhere = ManagedChannelBuilder.forTarget("localhost:1").usePlaintext().build();
        expertise = new ExpertiseServiceHarness(new MovableClock(Instant.parse("2026-03-02T08:00:00Z")), nowhere);
    }

    @AfterAll
    static void stop() {
        expertise.close();
        nowhere.shutdownNow();
    }

    @Test
    void everyRpcOfEveryServiceTheServiceBindsHasARole() {
        assertThat(expertise.server.serviceNames()).as("found what the service binds")
                .contains("successscore.expertise.v1.ExpertiseService", "successscore.feed.v1.EventFeedService");
        assertThat(ROLES.undeclared(expertise.service.grpcServices())).isEmpty();
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
