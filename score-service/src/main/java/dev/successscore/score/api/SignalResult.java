package dev.successscore.score.api;

import java.math.BigDecimal;

/**
 * A signal as scored within its category.
 *
 * @param score integer 0..100, or null when not available
 * @param weight the policy weight
 * @param effectiveWeight the weight after unavailable signals' weights were shared out (two decimals)
 * @param contribution effectiveWeight x score / 100 (two decimals), null when not available
 */
public record SignalResult(
        String key,
        SignalType type,
        Integer score,
        BigDecimal weight,
        BigDecimal effectiveWeight,
        BigDecimal contribution,
        Evidence evidence) {
}
