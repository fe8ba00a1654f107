package dev.successscore.cli.report;

import io.grpc.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import successscore.score.v1.GetPolicyRequest;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreHistoryResponse;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.VerifyHistoryRequest;
import successscore.score.v1.VerifyHistoryResponse;

/**
 * Reads what the auditor's report needs through score-service's public API: every page of the tenant's history,
 * each policy version the history names, and the verification of the tenant's history. Every call carries its
 * own deadline. A refused call (NOT_FOUND for an unknown tenant, for one) surfaces as the
 * {@link io.grpc.StatusRuntimeException} of that call.
 */
public final class HistoryGatherer {

    /** The largest page GetScoreHistory serves. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final ScoreServiceGrpc.ScoreServiceBlockingStub scores;
    private final long deadlineMillis;
    private final int pageSize;
    private final String source;
    private final Clock clock;

    /**
     * @param channel        a channel to score-service
     * @param source         how the report names where it read the history
     * @param deadlineMillis the deadline of each call
     * @param pageSize       changes asked for per page of history (1..{@value #MAX_PAGE_SIZE})
     */
    public HistoryGatherer(Channel channel, String source, long deadlineMillis, int pageSize, Clock clock) {
        if (deadlineMillis <= 0) {
            throw new IllegalArgumentException("the deadline must be positive but was " + deadlineMillis + " ms");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("the page size must be 1.." + MAX_PAGE_SIZE + " but was " + pageSize);
        }
        this.scores = ScoreServiceGrpc.newBlockingStub(channel);
        this.source = source;
        this.deadlineMillis = deadlineMillis;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /** The tenant's whole history, its policies and its verification. */
    public TenantHistory gather(String tenantId) {
        List<ScoreChange> changes = history(tenantId);
        SortedMap<Integer, ScoringPolicy> policies = policies(changes);
        VerifyHistoryResponse verification = call()
                .verifyHistory(VerifyHistoryRequest.newBuilder().setTenantId(tenantId).build());
        return new TenantHistory(tenantId, source, clock.instant(), changes, policies, verification);
    }

    private List<ScoreChange> history(String tenantId) {
        List<ScoreChange> changes = new ArrayList<>();
        Set<String> tokensSeen = new HashSet<>();
        String pageToken = "";
        do {
            GetScoreHistoryResponse page = call().getScoreHistory(GetScoreHistoryRequest.newBuilder()
                    .setTenantId(tenantId).setPageSize(pageSize).setPageToken(pageToken).build());
            changes.addAll(page.getChangesList());
            pageToken = page.getNextPageToken();
            if (!pageToken.isEmpty() && !tokensSeen.add(pageToken)) {
                throw new IllegalStateException("score-service answered the same page token twice for tenant "
                        + tenantId + "; the history cannot be read to its end");
            }
        } while (!pageToken.isEmpty());
        return changes;
    }

    private SortedMap<Integer, ScoringPolicy> policies(List<ScoreChange> changes) {
        SortedMap<Integer, ScoringPolicy> policies = new TreeMap<>();
        for (ScoreChange change : changes) {
            int version = change.getPolicyVersion();
            // version 0 would ask for the current policy, which is not the one the change used
            if (version > 0 && !policies.containsKey(version)) {
                policies.put(version, call().getPolicy(GetPolicyRequest.newBuilder().setVersion(version).build())
                        .getPolicy());
            }
        }
        return policies;
    }

    private ScoreServiceGrpc.ScoreServiceBlockingStub call() {
        return scores.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }
}
