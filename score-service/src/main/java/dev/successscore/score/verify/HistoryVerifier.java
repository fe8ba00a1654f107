package dev.successscore.score.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.json.Json;
import dev.successscore.score.api.Cause;
import dev.successscore.score.api.CauseType;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.policy.PolicyCatalog;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.scoring.ChangeFactory;
import dev.successscore.score.scoring.TenantScoreState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies recorded histories: positions run 1, 2, 3, ...; each change names its predecessor's
 * hash; each stored hash is the hash of its stored change; and each change, recomputed from the
 * state before it, its cause and the policy version it names, is exactly the stored change.
 */
public final class HistoryVerifier {

    private static final ObjectMapper CANONICAL = Json.canonical();

    private final RecordedHistory history;
    private final PolicyCatalog policies;

    public HistoryVerifier(RecordedHistory history, PolicyCatalog policies) {
        this.history = history;
        this.policies = policies;
    }

    public VerificationReport verify(Iterable<String> tenantIds) {
        int tenants = 0;
        long changes = 0;
        List<Mismatch> mismatches = new ArrayList<>();
        for (String tenantId : tenantIds) {
            TenantCheck check = new TenantCheck(tenantId);
            history.forEach(tenantId, check::accept);
            tenants++;
            changes += check.checked;
            if (check.mismatch != null) {
                mismatches.add(check.mismatch);
            }
        }
        return new VerificationReport(tenants, changes, mismatches);
    }

    /** Checks one tenant's changes in order, stopping at the first mismatch. */
    private final class TenantCheck {
        private final String tenantId;
        private final TenantScoreState state = new TenantScoreState();
        private long checked;
        private Mismatch mismatch;

        TenantCheck(String tenantId) {
            this.tenantId = tenantId;
        }

        void accept(RecordedHistory.Entry entry) {
            if (mismatch != null) {
                return;
            }
            long expectedPosition = checked + 1;
            checked++;
            if (entry.event() == null) {
                mismatch = new Mismatch(tenantId, expectedPosition, Mismatch.Kind.UNREADABLE, "", "",
                        entry.unreadable());
                return;
            }
            ScoreChangedEvent event = entry.event();
            ScoreChange change = event.change();
            if (change.position() != expectedPosition || entry.sequenceNumber() != expectedPosition - 1) {
                mismatch = new Mismatch(tenantId, expectedPosition, Mismatch.Kind.POSITION,
                        Long.toString(expectedPosition), Long.toString(change.position()),
                        "stored at sequence " + entry.sequenceNumber());
                return;
            }
            if (!change.previousHash().equals(state.lastHash())) {
                mismatch = new Mismatch(tenantId, expectedPosition, Mismatch.Kind.CHAIN_LINK, state.lastHash(),
                        change.previousHash(), "previous_hash does not name the previous change's hash");
                return;
            }
            String hash = entry.computedHash();
            if (!hash.equals(event.hash())) {
                mismatch = new Mismatch(tenantId, expectedPosition, Mismatch.Kind.HASH, hash, event.hash(),
                        "the stored hash is not the hash of the stored change");
                return;
            }
            Optional<Difference> difference = recompute(change);
            if (difference.isPresent()) {
                Difference d = difference.get();
                mismatch = new Mismatch(tenantId, expectedPosition, Mismatch.Kind.RECOMPUTED, d.expected(),
                        d.actual(), "recomputed " + d.field() + " differs");
                return;
            }
            state.apply(change, event.hash());
        }

        /** Empty when the recomputed change equals the stored one. */
        private Optional<Difference> recompute(ScoreChange change) {
            boolean followsPolicyInForce = state.isNew() || change.cause().type() == CauseType.POLICY_PUBLICATION;
            if (!followsPolicyInForce && change.policyVersion() != state.policyVersion()) {
                return Optional.of(new Difference("policy_version", Integer.toString(state.policyVersion()),
                        Integer.toString(change.policyVersion())));
            }
            Optional<Difference> cause = checkOwnCause(state, change);
            if (cause.isPresent()) {
                return cause;
            }
            Optional<ScoringPolicy> policy = policies.find(change.policyVersion());
            if (policy.isEmpty()) {
                return Optional.of(new Difference("policy_version", "a published version",
                        Integer.toString(change.policyVersion())));
            }
            ScoreChange expected = ChangeFactory.next(state, tenantId, change.cause(), policy.get());
            if (expected.equals(change)) {
                return Optional.empty();
            }
            JsonNode want = CANONICAL.valueToTree(expected);
            JsonNode got = CANONICAL.valueToTree(change);
            return firstDifference("", want, got);
        }
    }

    /**
     * Causes that score-service records itself must be the ones its rules produce: an expiry
     * must have been due, a publication must move to the version it names, and a later one.
     */
    private Optional<Difference> checkOwnCause(TenantScoreState state, ScoreChange change) {
        Cause cause = change.cause();
        switch (cause.type()) {
            case STALENESS_EXPIRY, OVERRIDE_EXPIRED -> {
                Optional<ScoringPolicy> inForce = policies.find(state.policyVersion());
                List<Cause> due = inForce.map(p -> state.dueExpiries(cause.causeTime(), p)).orElse(List.of());
                if (!due.contains(cause)) {
                    return Optional.of(new Difference("cause", "an expiry due at " + cause.causeTime(),
                            cause.type() + " of " + cause.sourceEventId()));
                }
            }
            case POLICY_PUBLICATION -> {
                if (cause.policyVersion() == null || cause.policyVersion() != change.policyVersion()
                        || (!state.isNew() && cause.policyVersion() <= state.policyVersion())) {
                    return Optional.of(new Difference("cause.policy_version",
                            "a version after " + state.policyVersion() + " equal to policy_version "
                                    + change.policyVersion(), String.valueOf(cause.policyVersion())));
                }
            }
            default -> {
            }
        }
        return Optional.empty();
    }

    /** A field at which a recomputed change and a stored one differ. */
    record Difference(String field, String expected, String actual) {
    }

    /** The path of the first field at which two JSON trees differ, with both values. */
    static Optional<Difference> firstDifference(String path, JsonNode want, JsonNode got) {
        if (want.equals(got)) {
            return Optional.empty();
        }
        if (want.isObject() && got.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                JsonNode other = got.path(field.getKey());
                Optional<Difference> d = firstDifference(path + "." + field.getKey(), field.getValue(), other);
                if (d.isPresent()) {
                    return d;
                }
            }
        } else if (want.isArray() && got.isArray() && want.size() == got.size()) {
            for (int i = 0; i < want.size(); i++) {
                Optional<Difference> d = firstDifference(path + "[" + i + "]", want.get(i), got.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.of(new Difference(path.isEmpty() ? "change" : path.substring(1), want.toString(),
                got.toString()));
    }
}
