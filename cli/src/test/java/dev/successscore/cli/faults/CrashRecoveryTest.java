package dev.successscore.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of score-service, and separately of usage-service, in the middle of a load: after the restart every
 * tenant's hash chain is the one a run without the kill records, change for change.
 */
class CrashRecoveryTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final int TENANTS = 12;
    private static final int STEPS = 4;

    /** Kept when the test fails: each service's log is there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private enum Kill { NONE, USAGE_WHILE_WRITING, SCORE_WHILE_FOLLOWING }

    @Test
    void killingUsageOrScoreServiceMidLoadLeavesEveryHashChainAsARunWithoutTheKill() throws Exception {
        Map<String, List<String>> reference = run(Kill.NONE);
        assertThat(reference).hasSize(TENANTS);
        assertThat(reference.values()).allSatisfy(chain -> assertThat(chain).hasSizeGreaterThanOrEqualTo(STEPS));

        assertThat(run(Kill.USAGE_WHILE_WRITING)).isEqualTo(reference);
        assertThat(run(Kill.SCORE_WHILE_FOLLOWING)).isEqualTo(reference);
    }

    private Map<String, List<String>> run(Kill kill) throws Exception {
        try (ProcessSuite suite = new ProcessSuite(directory.resolve(kill.name()), 0, Map.of()).start(START)) {
            StepLoad load = suite.load(START, TENANTS);
            load.setUp();
            load.measure(0);
            for (int step = 1; step <= STEPS; step++) {
                if (step == 2 && kill == Kill.USAGE_WHILE_WRITING) {
                    load.send(step, 0, load.size() / 2);
                    suite.usage.kill();
                    CompletableFuture<Void> restart = CompletableFuture.runAsync(
                            () -> suite.usage.start(ProcessSuite.START));
                    load.send(step, load.size() / 2, load.size()); // retried until usage-service is back
                    restart.join();
                } else {
                    load.send(step, 0, load.size());
                }
                if (step == 3 && kill == Kill.SCORE_WHILE_FOLLOWING) {
                    suite.score.kill();
                    CompletableFuture<Void> restart = CompletableFuture.runAsync(
                            () -> suite.score.start(ProcessSuite.START));
                    load.measure(step); // waits through the restart
                    restart.join();
                } else {
                    load.measure(step);
                }
            }
            return load.hashChains();
        }
    }
}
