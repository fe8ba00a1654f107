package dev.successscore.health.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.successscore.runtime.testing.RequestFuzzing;
import dev.successscore.runtime.testing.StoredRecords;
import dev.successscore.health.HealthServiceHarness;
import dev.successscore.runtime.testing.MovableClock;
import java.time.Instant;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.health.v1.HealthServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request message of health-service, fuzzed: a success or a clean client-side status, never INTERNAL or a
 * hang, and a refused request stores nothing. Without {@code JAZZER_FUZZ=1} this runs the kept corpus
 * ({@code src/test/resources/.../HealthRequestFuzzTestInputs})
 * as regression tests; with it, Jazzer fuzzes for the given duration (see docs/security.md).
 */
class HealthRequestFuzzTest {

    private static HealthServiceHarness health;
    private static StoredRecords records;
    private static RequestFuzzing fuzzing;

    @BeforeAll
    static void start() {
        health = new HealthServiceHarness(new MovableClock(Instant.parse("2026-03-02T08:00:00Z")));
        records = StoredRecords.of(health.dataSource);
        fuzzing = new RequestFuzzing(health.channel, records, HealthServiceGrpc.getServiceDescriptor(),
                EventFeedServiceGrpc.getServiceDescriptor());
    }

    @AfterAll
    static void stop() {
        health.close();
    }

    @Test
    void everyMethodOfTheServiceIsFuzzed() {
        assertThat(fuzzing.methodNames()).hasSize(HealthServiceGrpc.getServiceDescriptor().getMethods().size()
                + EventFeedServiceGrpc.getServiceDescriptor().getMethods().size());
    }

    @Test
    void refusedRequestsAreCheckedAgainstTheEventsAndEveryTableOfTheService() {
        assertThat(records.tables()).containsExactlyInAnyOrder("domainevententry", "health_tenant",
                "health_subcategory", "health_alert");
    }

    @FuzzTest(maxDuration = "30s")
    void everyRequestGetsASuccessOrACleanClientStatus(FuzzedDataProvider data) {
        fuzzing.send(data);
    }
}
