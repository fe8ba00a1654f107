package dev.successscore.expertise.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.successscore.runtime.testing.RequestFuzzing;
import dev.successscore.runtime.testing.StoredRecords;
import dev.successscore.expertise.ExpertiseServiceHarness;
import dev.successscore.runtime.testing.MovableClock;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Instant;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.feed.v1.EventFeedServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request message of expertise-service, fuzzed: a success or a clean client-side status, never INTERNAL or a
 * hang, and a refused request stores nothing. Without {@code JAZZER_FUZZ=1} this runs the kept corpus
 * ({@code src/test/resources/.../ExpertiseRequestFuzzTestInputs})
 * as regression tests; with it, Jazzer fuzzes for the given duration (see docs/security.md).
 */
class ExpertiseRequestFuzzTest {

    private static ManagedChannel nowhere;
    private static ExpertiseServiceHarness expertise;
    private static StoredRecords records;
    private static RequestFuzzing fuzzing;

    @BeforeAll
    static void start() {
        // usage-service is unreachable: rosters fall back to what is stored, as in an outage
        nowhere = ManagedChannelBuilder.forTarget("localhost:1").usePlaintext().build();
        expertise = new ExpertiseServiceHarness(new MovableClock(Instant.parse("2026-03-02T08:00:00Z")), nowhere);
        records = StoredRecords.of(expertise.dataSource);
        fuzzing = new RequestFuzzing(expertise.channel, records,
                ExpertiseServiceGrpc.getServiceDescriptor(),
                EventFeedServiceGrpc.getServiceDescriptor());
    }

    @AfterAll
    static void stop() {
        expertise.close();
        nowhere.shutdownNow();
    }

    @Test
    void everyMethodOfTheServiceIsFuzzed() {
        assertThat(fuzzing.methodNames()).hasSize(ExpertiseServiceGrpc.getServiceDescriptor().getMethods().size()
                + EventFeedServiceGrpc.getServiceDescriptor().getMethods().size());
    }

    @Test
    void refusedRequestsAreCheckedAgainstTheEventsAndEveryTableOfTheService() {
        assertThat(records.tables()).containsExactlyInAnyOrder("domainevententry", "expertise_tenant",
                "expertise_roster", "expertise_credit");
    }

    @FuzzTest(maxDuration = "30s")
    void everyRequestGetsASuccessOrACleanClientStatus(FuzzedDataProvider data) {
        fuzzing.send(data);
    }
}
