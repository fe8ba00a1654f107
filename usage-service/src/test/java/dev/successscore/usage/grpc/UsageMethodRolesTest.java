package dev.successscore.usage.grpc;

import dev.successscore.runtime.security.Role;
import dev.successscore.usage.UsageServiceHarness;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.UsageServiceGrpc;

import static dev.successscore.usage.grpc.UsageMethodRoles.ROLES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RPC usage-service binds, as the running service lists them, requires a declared role:
 * an RPC or a service added without one fails here, not in production.
 */
class UsageMethodRolesTest {

    private static UsageServiceHarness usage;

    @BeforeAll
    static void start() {
        usage = new UsageServiceHarness(Instant.parse("2026-03-02T08:00:00Z"));
    }

    @AfterAll
    static void stop() {
        usage.close();
    }

    @Test
    void everyRpcOfEveryServiceTheServiceBindsHasARole() {
        assertThat(usage.server.serviceNames()).as("found what the service binds")
                .contains("successscore.usage.v1.UsageService", "successscore.feed.v1.EventFeedService");
        assertThat(ROLES.undeclared(usage.service.grpcServices())).isEmpty();
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
