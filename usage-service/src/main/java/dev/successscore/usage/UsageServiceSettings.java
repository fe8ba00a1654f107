package dev.successscore.usage;

import dev.successscore.runtime.config.Settings;
import dev.successscore.usage.measure.RetentionPurge;
import java.time.Duration;
import java.util.Map;

/**
 * usage-service's own configuration, from environment variables.
 *
 * @param port              the gRPC port (CSS_USAGE_PORT, default 7101)
 * @param measureDelay      how long after new activity or a directory change a tenant is re-measured; changes in
 *                          between are measured together (CSS_USAGE_MEASURE_DELAY, default PT5S)
 * @param measurePoll       how often due tenants are looked for; zero turns background measuring off
 *                          (CSS_USAGE_MEASURE_POLL, default PT0.5S). A tenant with new activity is re-measured within
 *                          about delay + poll + the measurement itself: under 5 s by default
 * @param measureWorkers    tenants measured in parallel (CSS_USAGE_MEASURE_WORKERS, default 2)
 * @param refreshAfter      an unchanged measurement is recorded again once the last one is this old, well inside
 *                          score-service's 60-day staleness limit (CSS_USAGE_REFRESH_AFTER, default P30D)
 * @param activityRetention how long raw activity (the de-duplication record) is kept; older activity is refused
 *                          (CSS_USAGE_ACTIVITY_RETENTION, default and maximum 396 days, the rollups' 13 months)
 * @param maxBatch          records per activity batch at most (CSS_USAGE_MAX_BATCH, default 5000)
 * @param snapshotThreshold events between two snapshots of a tenant's adoption (CSS_USAGE_SNAPSHOT_EVERY, 50)
 * @param purgeInterval     how often data past retention is deleted (CSS_USAGE_PURGE_INTERVAL, default PT1H)
 */
public record UsageServiceSettings(int port, Duration measureDelay, Duration measurePoll, int measureWorkers,
                                   Duration refreshAfter, Duration activityRetention, int maxBatch,
                                   int snapshotThreshold, Duration purgeInterval) {

    public static final int DEFAULT_PORT = 7101;
    /** The port usage-service's metrics are served on ({@code /metrics}); 0 picks a free one. */
    public static final String METRICS_PORT = "CSS_USAGE_METRICS_PORT";
    public static final int DEFAULT_METRICS_PORT = 9101;

    /** The metrics port: {@value #METRICS_PORT}, default {@value #DEFAULT_METRICS_PORT}. */
    public static int metricsPort(Settings settings) {
        return settings.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535);
    }
    /**
     * With TLS, the port that serves the gRPC health service alone in plaintext for Kubernetes' probes, which cannot
     * speak TLS; 0 picks a free one.
     */
    public static final String PROBE_PORT = "CSS_USAGE_PROBE_PORT";
    public static final int DEFAULT_PROBE_PORT = 9201;

    /** The probe port: {@value #PROBE_PORT}, default {@value #DEFAULT_PROBE_PORT}; opened only with TLS. */
    public static int probePort(Settings settings) {
        return settings.integer(PROBE_PORT, DEFAULT_PROBE_PORT, 0, 65535);
    }
    public static final Duration MAX_ACTIVITY_RETENTION = Duration.ofDays(RetentionPurge.ROLLUP_RETENTION_DAYS);

    public UsageServiceSettings {
        if (activityRetention.compareTo(MAX_ACTIVITY_RETENTION) > 0 || activityRetention.toDays() < 28) {
            throw new IllegalArgumentException("CSS_USAGE_ACTIVITY_RETENTION must be between 28 and "
                    + MAX_ACTIVITY_RETENTION.toDays() + " days, got " + activityRetention);
        }
    }

    public static UsageServiceSettings from(Settings settings) {
        return new UsageServiceSettings(
                settings.integer("CSS_USAGE_PORT", DEFAULT_PORT, 0, 65535),
                settings.duration("CSS_USAGE_MEASURE_DELAY", Duration.ofSeconds(5)),
                settings.duration("CSS_USAGE_MEASURE_POLL", Duration.ofMillis(500)),
                settings.integer("CSS_USAGE_MEASURE_WORKERS", 2, 1, 64),
                settings.duration("CSS_USAGE_REFRESH_AFTER", Duration.ofDays(30)),
                settings.duration("CSS_USAGE_ACTIVITY_RETENTION", MAX_ACTIVITY_RETENTION),
                settings.integer("CSS_USAGE_MAX_BATCH", 5000, 1, 100_000),
                settings.integer("CSS_USAGE_SNAPSHOT_EVERY", 50, 1, 1_000_000),
                settings.duration("CSS_USAGE_PURGE_INTERVAL", Duration.ofHours(1)));
    }

    public static UsageServiceSettings defaults() {
        return from(Settings.of(Map.of()));
    }

    /** These settings without background measuring: tests and benchmarks measure when they say so. */
    public UsageServiceSettings withoutBackgroundMeasuring() {
        return new UsageServiceSettings(port, measureDelay, Duration.ZERO, measureWorkers, refreshAfter,
                activityRetention, maxBatch, snapshotThreshold, purgeInterval);
    }

    public UsageServiceSettings withMeasureDelay(Duration delay, Duration poll) {
        return new UsageServiceSettings(port, delay, poll, measureWorkers, refreshAfter, activityRetention,
                maxBatch, snapshotThreshold, purgeInterval);
    }

    public UsageServiceSettings withSnapshotThreshold(int events) {
        return new UsageServiceSettings(port, measureDelay, measurePoll, measureWorkers, refreshAfter,
                activityRetention, maxBatch, events, purgeInterval);
    }

    public UsageServiceSettings withMeasureWorkers(int workers) {
        return new UsageServiceSettings(port, measureDelay, measurePoll, workers, refreshAfter, activityRetention,
                maxBatch, snapshotThreshold, purgeInterval);
    }
}
