package dev.successscore.usage.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.successscore.runtime.testing.RequestFuzzing;
import dev.successscore.runtime.testing.StoredRecords;
import dev.successscore.usage.UsageServiceHarness;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.usage.v1.Activity;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * Every request message of usage-service, fuzzed: a success or a clean client-side status, never INTERNAL or a hang,
 * and a refused request stores nothing.
 * Without {@code JAZZER_FUZZ=1} this runs the kept corpus ({@code src/test/resources/.../UsageRequestFuzzTestInputs})
 * as regression tests; with it, Jazzer fuzzes for the given duration (see docs/security.md).
 */
class UsageRequestFuzzTest {

    private static UsageServiceHarness usage;
    private static StoredRecords records;
    private static RequestFuzzing fuzzing;

    @BeforeAll
    static void start() {
        usage = new UsageServiceHarness(Instant.parse("2026-03-02T08:00:00Z"));
        records = StoredRecords.of(usage.dataSource);
        fuzzing = new RequestFuzzing(usage.channel, records, UsageServiceGrpc.getServiceDescriptor(),
                EventFeedServiceGrpc.getServiceDescriptor());
    }

    @AfterAll
    static void stop() {
        usage.close();
    }

    @Test
    void everyMethodOfTheServiceIsFuzzed() {
        assertThat(fuzzing.methodNames()).hasSize(UsageServiceGrpc.getServiceDescriptor().getMethods().size()
                        + EventFeedServiceGrpc.getServiceDescriptor().getMethods().size())
                .contains("successscore.usage.v1.UsageService/StreamActivities",
                        "successscore.feed.v1.EventFeedService/StreamEvents");
    }

    @Test
    void refusedRequestsAreCheckedAgainstTheEventsAndEveryTableOfTheService() {
        assertThat(records.tables()).containsExactlyInAnyOrder("domainevententry", "usage_tenant", "usage_entitlement",
                "usage_user", "usage_activity", "usage_daily", "usage_measurement");
    }

    @Test
    void aStreamRefusedAtItsSecondBatchKeepsTheFirstAndStoresNothingElse() {
        Instant now = usage.clock.instant();
        Activity activity = UsageServiceHarness.activity("first", "user-1", "reports", now.minusSeconds(60));
        usage.entitle("stream-fuzz", 5, List.of("reports"));
        StreamActivitiesRequest first = StreamActivitiesRequest.newBuilder().setTenantId("stream-fuzz")
                .addActivities(activity).build();
        StreamActivitiesRequest unknownTenant = first.toBuilder().setTenantId("no-such-tenant").build();
        StreamActivitiesRequest third = StreamActivitiesRequest.newBuilder().setTenantId("stream-fuzz")
                .addActivities(activity.toBuilder().setActivityId("third")).build();

        fuzzing.send("successscore.usage.v1.UsageService/StreamActivities", List.of(first, unknownTenant, third));

        assertThat(usage.jdbc.queryForList("SELECT activity_id FROM usage_activity WHERE tenant_id = 'stream-fuzz'",
                String.class)).containsExactly("first");
    }

    @FuzzTest(maxDuration = "30s")
    void everyRequestGetsASuccessOrACleanClientStatus(FuzzedDataProvider data) {
        fuzzing.send(data);
    }
}
