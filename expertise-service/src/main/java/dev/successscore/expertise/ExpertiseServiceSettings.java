package dev.successscore.expertise;

import dev.successscore.runtime.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * expertise-service's own configuration, from environment variables.
 *
 * @param port              the gRPC port (CSS_EXPERTISE_PORT, default 7102)
 * @param usageTarget       usage-service's gRPC target, for rosters (CSS_EXPERTISE_USAGE_TARGET, default
 *                          localhost:7101)
 * @param rosterDeadline    deadline of each roster call (CSS_EXPERTISE_ROSTER_DEADLINE, default PT2S)
 * @param rosterAttempts    attempts of each roster call on transient failures (CSS_EXPERTISE_ROSTER_ATTEMPTS, 3)
 * @param breakerOpen       how long the roster circuit breaker stays open (CSS_EXPERTISE_BREAKER_OPEN, PT10S)
 * @param measureDelay      how long after a credit change a tenant is re-measured (CSS_EXPERTISE_MEASURE_DELAY, PT2S)
 * @param measurePoll       how often due tenants are looked for; zero turns background measuring off
 *                          (CSS_EXPERTISE_MEASURE_POLL, default PT0.5S)
 * @param measureWorkers    tenants measured in parallel (CSS_EXPERTISE_MEASURE_WORKERS, default 2)
 * @param refreshAfter      an unchanged measurement is published again once the last one is this old
 *                          (CSS_EXPERTISE_REFRESH_AFTER, default P30D; the staleness limit is 365 days)
 * @param maxBatch          credits per batch at most (CSS_EXPERTISE_MAX_BATCH, default 5000)
 * @param snapshotThreshold events between two snapshots of a tenant (CSS_EXPERTISE_SNAPSHOT_EVERY, default 50)
 * @param discoveryInterval how often the tenants usage-service knows are learnt (CSS_EXPERTISE_DISCOVERY_INTERVAL,
 *                          default PT1M)
 */
public record ExpertiseServiceSettings(int port, String usageTarget, Duration rosterDeadline, int rosterAttempts,
                                       Duration breakerOpen, Duration measureDelay, Duration measurePoll,
                                       int measureWorkers, Duration refreshAfter, int maxBatch,
                                       int snapshotThreshold, Duration discoveryInterval) {

    public static final int DEFAULT_PORT = 7102;
    /** The port expertise-service's metrics are served on ({@code /metrics}); 0 picks a free one. */
    public static final String METRICS_PORT = "CSS_EXPERTISE_METRICS_PORT";
    public static final int DEFAULT_METRICS_PORT = 9102;

    /** The metrics port: {@value #METRICS_PORT}, default {@value #DEFAULT_METRICS_PORT}. */
    public static int metricsPort(Settings settings) {
        return settings.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535);
    }
    /**
     * With TLS, the port that serves the gRPC health service alone in plaintext for Kubernetes' probes, which cannot
     * speak TLS; 0 picks a free one.
     */
    public static final String PROBE_PORT = "CSS_EXPERTISE_PROBE_PORT";
    public static final int DEFAULT_PROBE_PORT = 9202;

    /** The probe port: {@value #PROBE_PORT}, default {@value #DEFAULT_PROBE_PORT}; opened only with TLS. */
    public static int probePort(Settings settings) {
        return settings.integer(PROBE_PORT, DEFAULT_PROBE_PORT, 0, 65535);
    }

    public static ExpertiseServiceSettings from(Settings settings) {
        return new ExpertiseServiceSettings(
                settings.integer("CSS_EXPERTISE_PORT", DEFAULT_PORT, 0, 65535),
                settings.string("CSS_EXPERTISE_USAGE_TARGET", "localhost:7101"),
                settings.duration("CSS_EXPERTISE_ROSTER_DEADLINE", Duration.ofSeconds(2)),
                settings.integer("CSS_EXPERTISE_ROSTER_ATTEMPTS", 3, 1, 10),
                settings.duration("CSS_EXPERTISE_BREAKER_OPEN", Duration.ofSeconds(10)),
                settings.duration("CSS_EXPERTISE_MEASURE_DELAY", Duration.ofSeconds(2)),
                settings.duration("CSS_EXPERTISE_MEASURE_POLL", Duration.ofMillis(500)),
                settings.integer("CSS_EXPERTISE_MEASURE_WORKERS", 2, 1, 64),
                settings.duration("CSS_EXPERTISE_REFRESH_AFTER", Duration.ofDays(30)),
                settings.integer("CSS_EXPERTISE_MAX_BATCH", 5000, 1, 100_000),
                settings.integer("CSS_EXPERTISE_SNAPSHOT_EVERY", 50, 1, 1_000_000),
                settings.duration("CSS_EXPERTISE_DISCOVERY_INTERVAL", Duration.ofMinutes(1)));
    }

    public static ExpertiseServiceSettings defaults() {
        return from(Settings.of(Map.of()));
    }

    /** These settings without background measuring, and with a roster breaker that reopens quickly (tests). */
    public ExpertiseServiceSettings forTests() {
        return new ExpertiseServiceSettings(port, usageTarget, Duration.ofMillis(500), 2, Duration.ofMillis(300),
                measureDelay, Duration.ZERO, measureWorkers, refreshAfter, maxBatch, snapshotThreshold,
                discoveryInterval);
    }
}
