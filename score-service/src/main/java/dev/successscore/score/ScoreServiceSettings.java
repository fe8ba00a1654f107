package dev.successscore.score;

import dev.successscore.runtime.config.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * score-service's own configuration, from environment variables.
 *
 * @param port the gRPC port (CSS_SCORE_PORT, default 7100)
 * @param sweepInterval how often due expiries are recorded for quiet tenants (CSS_SCORE_SWEEP_INTERVAL, default PT1M)
 * @param snapshotThreshold changes between two snapshots of a tenant (CSS_SCORE_SNAPSHOT_EVERY, default 50)
 * @param policyRefresh how long a replica trusts its cached current policy (CSS_SCORE_POLICY_REFRESH, default PT1S)
 * @param cachedTenants tenant aggregates kept in memory between commands (CSS_SCORE_CACHED_TENANTS, default 10000)
 * @param upstreams the gRPC target of each owning service's event feed, by its name (CSS_SCORE_UPSTREAMS, e.g.
 *                  {@code usage-service=localhost:7101,expertise-service=localhost:7102}; default none)
 */
public record ScoreServiceSettings(int port, Duration sweepInterval, int snapshotThreshold, Duration policyRefresh,
                                   int cachedTenants, Map<String, String> upstreams) {

    public ScoreServiceSettings {
        upstreams = Map.copyOf(upstreams);
    }

    public static final int DEFAULT_PORT = 7100;
    /** The port score-service's metrics are served on ({@code /metrics}); 0 picks a free one. */
    public static final String METRICS_PORT = "CSS_SCORE_METRICS_PORT";
    public static final int DEFAULT_METRICS_PORT = 9100;

    /** The metrics port: {@value #METRICS_PORT}, default {@value #DEFAULT_METRICS_PORT}. */
    public static int metricsPort(Settings settings) {
        return settings.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535);
    }
    /**
     * With TLS, the port that serves the gRPC health service alone in plaintext for Kubernetes' probes, which cannot
     * speak TLS; 0 picks a free one.
     */
    public static final String PROBE_PORT = "CSS_SCORE_PROBE_PORT";
    public static final int DEFAULT_PROBE_PORT = 9200;

    /** The probe port: {@value #PROBE_PORT}, default {@value #DEFAULT_PROBE_PORT}; opened only with TLS. */
    public static int probePort(Settings settings) {
        return settings.integer(PROBE_PORT, DEFAULT_PROBE_PORT, 0, 65535);
    }

    public static ScoreServiceSettings from(Settings settings) {
        return new ScoreServiceSettings(
                settings.integer("CSS_SCORE_PORT", DEFAULT_PORT, 0, 65535),
                settings.duration("CSS_SCORE_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                settings.integer("CSS_SCORE_SNAPSHOT_EVERY", 50, 1, 1_000_000),
                settings.duration("CSS_SCORE_POLICY_REFRESH", Duration.ofSeconds(1)),
                settings.integer("CSS_SCORE_CACHED_TENANTS", 10_000, 0, 10_000_000),
                upstreams(settings.string("CSS_SCORE_UPSTREAMS", "")));
    }

    public ScoreServiceSettings withCachedTenants(int entries) {
        return new ScoreServiceSettings(port, sweepInterval, snapshotThreshold, policyRefresh, entries, upstreams);
    }

    /** Parses {@code name=target,name=target}. */
    static Map<String, String> upstreams(String text) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("CSS_SCORE_UPSTREAMS: expected name=host:port, got '" + entry + "'");
            }
            targets.put(parts[0].trim(), parts[1].trim());
        }
        return targets;
    }

    public static ScoreServiceSettings defaults() {
        return from(Settings.of(java.util.Map.of()));
    }
}
