package dev.successscore.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.Score;
import successscore.signal.v1.Category;
import successscore.usage.v1.GetAdoptionRequest;

/**
 * The network between score-service and usage-service fails for a while, both services running: scores stay served
 * and say their Product Adoption is stale; new measurements wait in usage-service; once the network is back,
 * score-service catches up by itself and the mark goes.
 */
class UpstreamOutageTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    /** Kept when the test fails: each service's log is there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    @Test
    void scoresStayServedAndMarkedStaleWhileUsageServiceIsUnreachableThenCatchUp() throws Exception {
        int proxyPort = ProcessSuite.freePort();
        try (ProcessSuite suite = new ProcessSuite(directory, proxyPort, Map.of());
             CuttableProxy network = new CuttableProxy(proxyPort, suite.usage.port()).restore()) {
            suite.start(START);
            StepLoad load = suite.load(START, 3);
            load.setUp();
            load.measure(0);
            load.send(1, 0, load.size());
            load.measure(1);
            String tenant = load.tenants().get(0);
            String before = adoption(suite, tenant).getMeasurementId();

            network.cut();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(adoption(suite, tenant).getStale()).as("marked stale").isTrue());
            // new activity is measured by usage-service, which score-service cannot reach
            load.send(2, 0, load.size());
            Instant measuredAt = load.stepTime(2).plus(StepLoad.MEASURE_DELAY);
            suite.clockTo(measuredAt);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(suite.usage(Duration.ofSeconds(5))
                    .getAdoption(GetAdoptionRequest.newBuilder().setTenantId(tenant).build()).getLastRecordedAt()
                    .getSeconds()).isEqualTo(measuredAt.getEpochSecond()));
            Thread.sleep(2000);
            Score served = score(suite, tenant);
            assertThat(adoption(served).getMeasurementId()).as("the last measurement is kept").isEqualTo(before);
            assertThat(adoption(served).getStale()).isTrue();

            network.restore();
            load.measure(2); // score-service shows step 2's measurement of every tenant
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(adoption(suite, tenant).getStale()).as("no longer stale").isFalse());
        }
    }

    private static Score score(ProcessSuite suite, String tenant) {
        return suite.score(Duration.ofSeconds(5)).getScore(GetScoreRequest.newBuilder().setTenantId(tenant).build())
                .getScore();
    }

    private static CategoryScore adoption(ProcessSuite suite, String tenant) {
        return adoption(score(suite, tenant));
    }

    private static CategoryScore adoption(Score score) {
        return score.getCategoriesList().stream()
                .filter(c -> c.getCategory() == Category.CATEGORY_PRODUCT_ADOPTION).findFirst().orElseThrow();
    }
}
