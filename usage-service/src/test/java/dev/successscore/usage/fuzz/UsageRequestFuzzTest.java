package dev.successscore.usage.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.successscore.runtime.testing.RequestFuzzing;
import dev.successscore.usage.UsageServiceHarness;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * Every request message of usage-service, fuzzed: a success or a clean client-side status, never INTERNAL or a hang.
 * Without {@code JAZZER_FUZZ=1} this runs the kept corpus ({@code src/test/resources/.../UsageRequestFuzzTestInputs})
 * as regression tests; with it, Jazzer fuzzes for the given duration (see docs/security.md).
 */
class UsageRequestFuzzTest {

    private static UsageServiceHarness usage;
    private static RequestFuzzing fuzzing;

    @BeforeAll
    static void start() {
        usage = new UsageServiceHarness(Instant.parse("2026-03-02T08:00:00Z"));
        fuzzing = new RequestFuzzing(usage.channel, UsageServiceGrpc.getServiceDescriptor(),
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

    @FuzzTest(maxDuration = "30s")
    void everyRequestGetsASuccessOrACleanClientStatus(FuzzedDataProvider data) {
        fuzzing.send(data);
    }
}
