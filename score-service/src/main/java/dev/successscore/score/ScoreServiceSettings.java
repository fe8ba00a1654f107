package dev.successscore.score;

import dev.successscore.runtime.config.Settings;
import java.time.Duration;

/**
 * score-service's own configuration, from environment variables.
 *
 * @param port the gRPC port (CSS_SCORE_PORT, default 7100)
 * @param sweepInterval how often due expiries are recorded for quiet tenants (CSS_SCORE_SWEEP_INTERVAL, default PT1M)
 * @param snapshotThreshold changes between two snapshots of a tenant (CSS_SCORE_SNAPSHOT_EVERY, default 50)
 * @param policyRefresh how long a replica trusts its cached current policy (CSS_SCORE_POLICY_REFRESH, default PT1S)
 * @param cachedTenants tenant aggregates kept in memory between commands (CSS_SCORE_CACHED_TENANTS, default 10000)
 */
public record ScoreServiceSettings(int port, Duration sweepInterval, int snapshotThreshold, Duration policyRefresh,
                                   int cachedTenants) {

    public static final int DEFAULT_PORT = 7100;

    public static ScoreServiceSettings from(Settings settings) {
        return new ScoreServiceSettings(
                settings.integer("CSS_SCORE_PORT", DEFAULT_PORT, 0, 65535),
                settings.duration("CSS_SCORE_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                settings.integer("CSS_SCORE_SNAPSHOT_EVERY", 50, 1, 1_000_000),
                settings.duration("CSS_SCORE_POLICY_REFRESH", Duration.ofSeconds(1)),
                settings.integer("CSS_SCORE_CACHED_TENANTS", 10_000, 0, 10_000_000));
    }

    public ScoreServiceSettings withCachedTenants(int entries) {
        return new ScoreServiceSettings(port, sweepInterval, snapshotThreshold, policyRefresh, entries);
    }

    public static ScoreServiceSettings defaults() {
        return from(Settings.of(java.util.Map.of()));
    }
}
