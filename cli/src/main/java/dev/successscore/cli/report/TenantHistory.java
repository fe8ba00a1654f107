package dev.successscore.cli.report;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.VerifyHistoryResponse;

/**
 * Everything the auditor's report shows about one tenant, as score-service answered it: the recorded changes in
 * position order, each policy version they name, and the verification of the tenant's history.
 *
 * @param tenantId     the tenant
 * @param source       where the history was read, e.g. {@code score-service at localhost:7100}
 * @param gatheredAt   when the history was read
 * @param changes      the recorded changes, oldest first
 * @param policies     the policy versions named by the changes, by version (kept in version order)
 * @param verification VerifyHistory's answer for the tenant
 */
public record TenantHistory(String tenantId, String source, Instant gatheredAt, List<ScoreChange> changes,
                            Map<Integer, ScoringPolicy> policies, VerifyHistoryResponse verification) {

    public TenantHistory {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(gatheredAt, "gatheredAt");
        Objects.requireNonNull(verification, "verification");
        changes = List.copyOf(changes);
        policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
    }

    /** The most recent change, or {@code null} for an empty history. */
    public ScoreChange latest() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1);
    }
}
