package dev.successscore.usage.measure;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes raw activity older than its retention and rollups older than {@value #ROLLUP_RETENTION_DAYS} days (13
 * months: the current window and twelve previous ones for growth, with room to spare), in bounded chunks so
 * that no transaction holds many locks.
 */
public final class RetentionPurge {

    /** Rollups are kept 13 months. */
    public static final int ROLLUP_RETENTION_DAYS = 396;
    private static final int CHUNK = 10_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration activityRetention;

    public RetentionPurge(JdbcTemplate jdbc, Clock clock, Duration activityRetention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.activityRetention = activityRetention;
    }

    /** Purges what is past retention now; returns the rows deleted (raw and rollup). */
    public long purge() {
        Instant now = clock.instant();
        Timestamp rawCutoff = Timestamp.from(now.minus(activityRetention));
        Date rollupCutoff = Date.valueOf(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(ROLLUP_RETENTION_DAYS));
        long deleted = 0;
        int chunk;
        do {
            chunk = jdbc.update("""
                    DELETE FROM usage_activity WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM usage_activity WHERE occurred_at < ? LIMIT ?))""", rawCutoff, CHUNK);
            deleted += chunk;
        } while (chunk == CHUNK);
        do {
            chunk = jdbc.update("""
                    DELETE FROM usage_daily WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM usage_daily WHERE day < ? LIMIT ?))""", rollupCutoff, CHUNK);
            deleted += chunk;
        } while (chunk == CHUNK);
        return deleted;
    }
}
