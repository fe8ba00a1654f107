package dev.successscore.score.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One recorded change of a tenant's score: everything spec section 6 asks for, except the
 * change's own hash, which is computed over this record (see {@code HashChain}).
 *
 * @param position 1-based position in the tenant's history
 * @param changeTime the later of the cause's time and the previous change's time
 * @param composite the composite in force: the override's value while one is active, else the computed one
 * @param computedComposite what the policy computes; null when INSUFFICIENT_DATA
 * @param override the override in force after this change, else null
 * @param previousHash the previous change's hash; empty for the first change
 */
public record ScoreChange(
        String tenantId,
        long position,
        Instant changeTime,
        Cause cause,
        int policyVersion,
        ScoreState state,
        String insufficientDataReason,
        BigDecimal composite,
        BigDecimal computedComposite,
        BigDecimal previousComposite,
        Band band,
        Band previousBand,
        AppliedWeightTable weightTable,
        List<CategoryResult> categories,
        OverrideValue override,
        List<Alert> alertsRaised,
        List<String> alertsResolved,
        String previousHash) {

    public ScoreChange {
        categories = List.copyOf(categories);
        alertsRaised = List.copyOf(alertsRaised);
        alertsResolved = List.copyOf(alertsResolved);
    }

    public CategoryResult category(Category category) {
        return categories.stream().filter(c -> c.category() == category).findFirst().orElseThrow();
    }
}
