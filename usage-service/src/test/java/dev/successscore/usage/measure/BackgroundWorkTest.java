package dev.successscore.usage.measure;

import static dev.successscore.usage.UsageServiceHarness.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.usage.UsageServiceHarness;
import dev.successscore.usage.UsageServiceSettings;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.GetAdoptionRequest;

/** What usage-service does by itself: re-measuring after new activity, and deleting data past retention. */
class BackgroundWorkTest {

    @Test
    void aTenantWithNewActivityIsRemeasuredShortlyAfterTheDelay() {
        Duration soon = UsageServiceSettings.defaults().measureDelay().plusSeconds(3);
        try (UsageServiceHarness usage = new UsageServiceHarness(MovableClock.live(),
                UsageServiceSettings.defaults())) {
            usage.entitle("live", 10, List.of("a"));
            await().atMost(soon).ignoreExceptions().until(() -> usage.usage()
                    .getAdoption(GetAdoptionRequest.newBuilder().setTenantId("live").build())
                    .getMeasurement().getActiveUsers() == 0);
            Instant sent = Instant.now();
            usage.record("live", List.of(activity("1", "u1", "a", sent), activity("2", "u2", "a", sent)));
            await().atMost(soon).until(() -> usage.usage()
                    .getAdoption(GetAdoptionRequest.newBuilder().setTenantId("live").build())
                    .getMeasurement().getActiveUsers() == 2);
        }
    }

    @Test
    void rawActivityAndRollupsPastRetentionAreDeleted() {
        Instant now = Instant.parse("2026-03-02T12:00:00Z");
        try (UsageServiceHarness usage = new UsageServiceHarness(now)) {
            usage.entitle("old", 10, List.of("a"));
            usage.record("old", List.of(activity("recent", "u1", "a", now.minus(Duration.ofDays(10))),
                    activity("aging", "u1", "a", now.minus(Duration.ofDays(390)))));
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            usage.jdbc.update("INSERT INTO usage_daily VALUES ('old', ?, 'u9', 'a', 1)",
                    Date.valueOf(today.minusDays(RetentionPurge.ROLLUP_RETENTION_DAYS + 1)));
            usage.clock.advance(Duration.ofDays(10));
            long deleted = usage.service.purge().purge();
            assertThat(deleted).isEqualTo(3);
            assertThat(usage.jdbc.queryForList("SELECT activity_id FROM usage_activity", String.class))
                    .containsExactly("recent");
            assertThat(usage.count("SELECT count(*) FROM usage_daily WHERE tenant_id = 'old'")).isEqualTo(1);
        }
    }
}
