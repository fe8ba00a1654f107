package dev.successscore.score.command;

import dev.successscore.runtime.testing.MovableClock;

import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.TENANT;
import static dev.successscore.score.Fixtures.adoption;
import static dev.successscore.score.Fixtures.expertise;
import static dev.successscore.score.Fixtures.health;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.score.ScoreServiceHarness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import successscore.score.v1.CauseType;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.VerifyHistoryRequest;

/** The sweep records a due expiry for a tenant that receives nothing new, on real PostgreSQL. */
class StalenessSweepTest {

    @Test
    void noExpiryIsRecordedWhileAFeedIsCatchingUp() {
        MovableClock clock = new MovableClock(T0.plus(Duration.ofHours(1)));
        try (ScoreServiceHarness suite = new ScoreServiceHarness(clock)) {
            suite.measure(adoption("m1", T0));
            suite.measure(health("m3", T0, 90));
            clock.advance(Duration.ofDays(31));
            java.util.concurrent.atomic.AtomicBoolean catchingUp = new java.util.concurrent.atomic.AtomicBoolean(true);
            StalenessSweeper sweeper = new StalenessSweeper(suite.service.commands(), suite.service.readModel(), clock,
                    catchingUp::get);
            assertThat(sweeper.sweep()).isZero();
            assertThat(suite.changeCount()).isEqualTo(2);
            catchingUp.set(false);
            assertThat(sweeper.sweep()).isEqualTo(1);
            assertThat(suite.changeCount()).isEqualTo(3);
        }
    }

    @Test
    void technicalHealthOlderThan30DaysTurnsTheScoreTo70To30ThroughARecordedExpiry() {
        MovableClock clock = new MovableClock(T0.plus(Duration.ofHours(1)));
        try (ScoreServiceHarness suite = new ScoreServiceHarness(clock)) {
            suite.measure(adoption("m1", T0));
            suite.measure(expertise("m2", T0));
            suite.measure(health("m3", T0, 90));
            var request = GetScoreRequest.newBuilder().setTenantId(TENANT).build();
            assertThat(suite.scores().getScore(request).getScore().getComposite()).isEqualTo("70.9");

            clock.advance(Duration.ofDays(29));
            assertThat(suite.service.sweeper().sweep()).isZero();

            clock.advance(Duration.ofDays(2));
            assertThat(suite.service.sweeper().sweep()).isEqualTo(1);
            var score = suite.scores().getScore(request).getScore();
            assertThat(score.getComposite()).isEqualTo("62.3");
            assertThat(score.getWeightTable().getFromPolicyTable()).isTrue();
            assertThat(score.getCategories(2).getAvailable()).isFalse();
            assertThat(score.getCategories(2).getUnavailableReason()).startsWith("expired");
            var explained = suite.scores().explainScore(successscore.score.v1.ExplainScoreRequest.newBuilder()
                    .setTenantId(TENANT).build()).getChange();
            assertThat(explained.getCause().getType()).isEqualTo(CauseType.CAUSE_TYPE_STALENESS_EXPIRY);
            assertThat(suite.service.sweeper().sweep()).as("nothing is due twice").isZero();
            assertThat(suite.scores().verifyHistory(VerifyHistoryRequest.getDefaultInstance()).getValid()).isTrue();
        }
    }
}
