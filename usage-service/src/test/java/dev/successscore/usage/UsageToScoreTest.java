package dev.successscore.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.successscore.score.ScoreServiceHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.Band;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.GetScoreResponse;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.usage.v1.Activity;

/** usage-service's measurements reach score-service over the event feed, and the composite moves as the spec says. */
class UsageToScoreTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private UsageServiceHarness usage;
    private ScoreServiceHarness score;

    @BeforeEach
    void start() {
        usage = new UsageServiceHarness(NOW);
        score = new ScoreServiceHarness(usage.clock, Map.of("usage-service", usage.server.newChannel()));
    }

    @AfterEach
    void stop() {
        score.close();
        usage.close();
    }

    private GetScoreResponse scoreOf(String tenant) {
        return score.scores().getScore(GetScoreRequest.newBuilder().setTenantId(tenant).build());
    }

    private void awaitComposite(String tenant, String composite) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(scoreOf(tenant).getScore().getComposite()).isEqualTo(composite);
        });
    }

    @Test
    void workedExampleReachesScoreServiceAndMovesWithActivity() {
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        // Product Adoption alone is available: its 71.8 is the composite
        awaitComposite("acme", "71.8");
        assertThat(scoreOf("acme").getScore().getBand()).isEqualTo(Band.BAND_NEEDS_ATTENTION);

        // ten more active users fill the 40 seats: (25x100 + 10x80 + 25x60 + 25x60 + 15x100) / 100 = 78.0
        usage.record("acme", Tenants.twelveDays("acme", 31, 40, usage.clock.instant()));
        usage.measureDue();
        awaitComposite("acme", "78.0");
        assertThat(scoreOf("acme").getScore().getBand()).isEqualTo(Band.BAND_HEALTHY);
        assertThat(score.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId("acme").build())
                .getChangesList()).hasSize(2);
    }

    @Test
    void engagementDropIsRaisedAsAnAlertByScoreService() {
        usage.entitle("fading", 20, List.of("a"));
        List<Activity> activities = new ArrayList<>();
        for (int d = 110; d >= 1; d--) {
            int users = d >= 8 ? 10 : 1;
            for (int u = 0; u < users; u++) {
                activities.add(UsageServiceHarness.activity("a-" + d + "-" + u, "u" + u, "a",
                        NOW.minus(Duration.ofDays(d))));
            }
        }
        usage.record("fading", activities);
        usage.measureDue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                score.jdbc.queryForObject("SELECT count(*) FROM score_alert WHERE tenant_id = 'fading'"
                        + " AND kind = 'ENGAGEMENT_DROP'", Long.class)).isEqualTo(1));
    }
}
