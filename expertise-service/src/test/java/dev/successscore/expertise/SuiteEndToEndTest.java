package dev.successscore.expertise;

import static dev.successscore.expertise.ExpertiseServiceHarness.certification;
import static dev.successscore.expertise.ExpertiseServiceHarness.credit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.successscore.health.HealthServiceHarness;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.usage.Tenants;
import dev.successscore.usage.UsageServiceHarness;
import dev.successscore.usage.UsageServiceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import successscore.score.v1.AlertKind;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.WatchScoreChangesRequest;
import successscore.score.v1.WatchScoreChangesResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;
import successscore.score.v1.Band;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.Score;
import successscore.usage.v1.OrgLevel;

/**
 * The worked example of spec section 7 end to end: raw activity into usage-service, learning credits into
 * expertise-service, alerts and heartbeats into health-service, the score read from score-service, which consumes
 * the three event feeds. Technical Health turning not available 30 days after its last data switches the composite
 * to the 70/30 table, and the next report switches it back.
 */
class SuiteEndToEndTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);
    private UsageServiceHarness usage;
    private ExpertiseServiceHarness expertise;
    private HealthServiceHarness health;
    private ScoreServiceHarness score;

    @BeforeEach
    void start() {
        usage = new UsageServiceHarness(clock, UsageServiceSettings.defaults().withoutBackgroundMeasuring());
        expertise = new ExpertiseServiceHarness(clock, usage.server.newChannel());
        health = new HealthServiceHarness(clock);
        score = new ScoreServiceHarness(clock, Map.of("usage-service", usage.server.newChannel(),
                "expertise-service", expertise.server.newChannel(), "health-service", health.server.newChannel()));
    }

    @AfterEach
    void stop() {
        score.close();
        expertise.close();
        health.close();
        usage.close();
    }

    private Score scoreOf(String tenant) {
        return score.scores().getScore(GetScoreRequest.newBuilder().setTenantId(tenant).build()).getScore();
    }

    private void awaitComposite(String tenant, String composite) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(scoreOf(tenant).getComposite()).isEqualTo(composite));
    }

    @Test
    void workedExampleAndTheSeventyThirtySwitch() {
        loadWorkedExample();
        usage.measureDue();
        expertise.measureDue();
        health.measureDue();
        // 0.5 x 71.8 + 0.2 x 40.0 + 0.3 x 90.0 = 70.9
        awaitComposite("acme", "70.9");
        Score full = scoreOf("acme");
        assertThat(full.getBand()).isEqualTo(Band.BAND_NEEDS_ATTENTION);
        assertThat(full.getCategoriesList()).extracting(c -> c.getScore())
                .containsExactly("71.8", "40.0", "90.0");

        // 30 days without monitoring data: Technical Health is not available, 0.7 x 71.8 + 0.3 x 40.0 = 62.3
        clock.advance(Duration.ofDays(30));
        health.measureDue();
        awaitComposite("acme", "62.3");

        // the next report brings it back
        health.heartbeat("acme", HealthServiceHarness.ALL);
        health.measureDue();
        awaitComposite("acme", "70.9");
    }

    @Test
    void anAlertStormMovesTheBandAndTheBandChangeAlertArrivesOnTheWatch() throws Exception {
        loadWorkedExample();
        usage.measureDue();
        expertise.measureDue();
        health.measureDue();
        awaitComposite("acme", "70.9");
        BlockingQueue<WatchScoreChangesResponse> alerts = new LinkedBlockingQueue<>();
        ClientCall<WatchScoreChangesRequest, WatchScoreChangesResponse> watch = score.channel.newCall(
                ScoreServiceGrpc.getWatchScoreChangesMethod(), CallOptions.DEFAULT);
        ClientCalls.asyncServerStreamingCall(watch, WatchScoreChangesRequest.newBuilder().setTenantId("acme")
                .setAlertsOnly(true).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(WatchScoreChangesResponse value) {
                        alerts.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        try {
            // three CRITICAL alerts in every subcategory: Technical Health 0, 0.5 x 71.8 + 0.2 x 40.0 + 0 = 43.9
            List<successscore.health.v1.Alert> storm = new ArrayList<>();
            for (Subcategory subcategory : HealthServiceHarness.ALL) {
                for (int i = 0; i < 3; i++) {
                    storm.add(HealthServiceHarness.alert("storm-" + subcategory.getNumber() + "-" + i, subcategory,
                            Severity.SEVERITY_CRITICAL, NOW));
                }
            }
            health.report("acme", storm);
            health.measureDue();

            WatchScoreChangesResponse alerted = alerts.poll(20, TimeUnit.SECONDS);
            assertThat(alerted).as("an alerting change on the watch").isNotNull();
            assertThat(alerted.getChange().getComposite()).isEqualTo("43.9");
            assertThat(alerted.getChange().getPreviousBand()).isEqualTo(Band.BAND_NEEDS_ATTENTION);
            assertThat(alerted.getChange().getBand()).isEqualTo(Band.BAND_AT_RISK);
            assertThat(alerted.getChange().getAlertsRaisedList()).extracting(a -> a.getKind())
                    .contains(AlertKind.ALERT_KIND_BAND_CHANGE);
        } finally {
            watch.cancel("test over", null);
        }
    }

    private void loadWorkedExample() {
        // Product Adoption 71.8: the worked example, plus 19 registered users who have not logged in (department 5)
        Tenants.workedExample(usage, "acme", NOW);
        for (int i = 0; i < 19; i++) {
            usage.register("acme", "idle-" + (i + 2), "dept-5", OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR);
        }
        // Customer Expertise 40.0: of 50 roster users, 20 learners this month (40), one certified (10 of the 20%
        // that is full marks), a credit in the last 30 days (100), growth without a previous month (not available):
        // (40x40 + 30x10 + 15x100) / 85 = 40.0
        List<Credit> credits = new ArrayList<>();
        for (int u = 1; u <= 20; u++) {
            credits.add(credit("badge-" + u, Tenants.user(u), CreditKind.CREDIT_KIND_BADGE,
                    NOW.minus(Duration.ofDays(5))));
        }
        credits.add(certification("cert-1", Tenants.user(1), NOW.minus(Duration.ofDays(4)),
                NOW.plus(Duration.ofDays(700))));
        expertise.record("acme", credits);
        // Technical Health 90.0: one CRITICAL performance alert (60) and three healthy subcategories (100)
        health.enroll("acme", HealthServiceHarness.ALL);
        health.heartbeat("acme", HealthServiceHarness.ALL);
        health.report("acme", List.of(HealthServiceHarness.alert("a1", Subcategory.SUBCATEGORY_PERFORMANCE,
                Severity.SEVERITY_CRITICAL, NOW)));
    }
}
