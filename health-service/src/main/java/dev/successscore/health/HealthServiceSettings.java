package dev.successscore.health;

import dev.successscore.runtime.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * health-service's own configuration, from environment variables.
 *
 * @param port              the gRPC port (CSS_HEALTH_PORT, default 7103)
 * @param measureDelay      how long after a report a tenant is re-measured (CSS_HEALTH_MEASURE_DELAY, default PT2S)
 * @param measurePoll       how often due tenants are looked for; zero turns background measuring off
 *                          (CSS_HEALTH_MEASURE_POLL, default PT0.5S)
 * @param measureWorkers    tenants measured in parallel (CSS_HEALTH_MEASURE_WORKERS, default 2)
 * @param refreshAfter      an unchanged measurement is published again once the last one is this old, inside
 *                          score-service's 30-day staleness limit for Technical Health (CSS_HEALTH_REFRESH_AFTER,
 *                          default P7D)
 * @param maxBatch          alerts per report at most (CSS_HEALTH_MAX_BATCH, default 5000)
 * @param snapshotThreshold events between two snapshots of a tenant (CSS_HEALTH_SNAPSHOT_EVERY, default 50)
 */
public record HealthServiceSettings(int port, Duration measureDelay, Duration measurePoll, int measureWorkers,
                                    Duration refreshAfter, int maxBatch, int snapshotThreshold) {

    public static final int DEFAULT_PORT = 7103;
    /** The port health-service's metrics are served on ({@code /metrics}); 0 picks a free one. */
    public static final String METRICS_PORT = "CSS_HEALTH_METRICS_PORT";
    public static final int DEFAULT_METRICS_PORT = 9103;

    /** The metrics port: {@value #METRICS_PORT}, default {@value #DEFAULT_METRICS_PORT}. */
    public static int metricsPort(Settings settings) {
        return settings.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535);
    }
    /**
     * With TLS, the port that serves the gRPC health service alone in plaintext for Kubernetes' probes, which cannot
     * speak TLS; 0 picks a free one.
     */
    public static final String PROBE_PORT = "CSS_HEALTH_PROBE_PORT";
    public static final int DEFAULT_PROBE_PORT = 9203;

    /** The probe port: {@value #PROBE_PORT}, default {@value #DEFAULT_PROBE_PORT}; opened only with TLS. */
    public static int probePort(Settings settings) {
        return settings.integer(PROBE_PORT, DEFAULT_PROBE_PORT, 0, 65535);
    }

    public static HealthServiceSettings from(Settings settings) {
        return new HealthServiceSettings(
                settings.integer("CSS_HEALTH_PORT", DEFAULT_PORT, 0, 65535),
                settings.duration("CSS_HEALTH_MEASURE_DELAY", Duration.ofSeconds(2)),
                settings.duration("CSS_HEALTH_MEASURE_POLL", Duration.ofMillis(500)),
                settings.integer("CSS_HEALTH_MEASURE_WORKERS", 2, 1, 64),
                settings.duration("CSS_HEALTH_REFRESH_AFTER", Duration.ofDays(7)),
                settings.integer("CSS_HEALTH_MAX_BATCH", 5000, 1, 100_000),
                settings.integer("CSS_HEALTH_SNAPSHOT_EVERY", 50, 1, 1_000_000));
    }

    public static HealthServiceSettings defaults() {
        return from(Settings.of(Map.of()));
    }

    /** These settings without background measuring: tests and benchmarks measure when they say so. */
    public HealthServiceSettings withoutBackgroundMeasuring() {
        return new HealthServiceSettings(port, measureDelay, Duration.ZERO, measureWorkers, refreshAfter, maxBatch,
                snapshotThreshold);
    }
}
