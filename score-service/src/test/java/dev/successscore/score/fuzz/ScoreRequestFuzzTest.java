package dev.successscore.score.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.successscore.runtime.testing.RequestFuzzing;
import dev.successscore.runtime.testing.StoredRecords;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.score.ScoreServiceHarness;
import java.time.Instant;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.ScoreServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request message of score-service, fuzzed: a success or a clean client-side status, never INTERNAL or a
 * hang, and a refused request stores nothing. Without {@code JAZZER_FUZZ=1} this runs the kept corpus
 * ({@code src/test/resources/.../ScoreRequestFuzzTestInputs})
 * as regression tests; with it, Jazzer fuzzes for the given duration (see docs/security.md).
 */
class ScoreRequestFuzzTest {

    private static ScoreServiceHarness score;
    private static StoredRecords records;
    private static RequestFuzzing fuzzing;

    @BeforeAll
    static void start() {
        score = new ScoreServiceHarness(new MovableClock(Instant.parse("2026-03-02T08:00:00Z")));
        records = StoredRecords.of(score.dataSource);
        fuzzing = new RequestFuzzing(score.channel, records, ScoreServiceGrpc.getServiceDescriptor(),
                ScoreAdminServiceGrpc.getServiceDescriptor());
    }

    @AfterAll
    static void stop() {
        score.close();
    }

    @Test
    void everyMethodOfTheServiceIsFuzzed() {
        assertThat(fuzzing.methodNames()).hasSize(ScoreServiceGrpc.getServiceDescriptor().getMethods().size()
                + ScoreAdminServiceGrpc.getServiceDescriptor().getMethods().size());
    }

    @Test
    void refusedRequestsAreCheckedAgainstTheEventsAndEveryTableOfTheService() {
        assertThat(records.tables()).containsExactlyInAnyOrder("domainevententry", "score_current", "score_change",
                "score_alert");
    }

    @FuzzTest(maxDuration = "30s")
    void everyRequestGetsASuccessOrACleanClientStatus(FuzzedDataProvider data) {
        fuzzing.send(data);
    }
}
