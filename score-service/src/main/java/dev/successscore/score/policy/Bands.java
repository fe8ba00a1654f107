package dev.successscore.score.policy;

import dev.successscore.score.api.Band;
import java.math.BigDecimal;

/** AT_RISK below needsAttentionFrom, NEEDS_ATTENTION below healthyFrom, HEALTHY from healthyFrom. */
public record Bands(int needsAttentionFrom, int healthyFrom) {

    public Band bandOf(BigDecimal composite) {
        if (composite.compareTo(BigDecimal.valueOf(needsAttentionFrom)) < 0) {
            return Band.AT_RISK;
        }
        if (composite.compareTo(BigDecimal.valueOf(healthyFrom)) < 0) {
            return Band.NEEDS_ATTENTION;
        }
        return Band.HEALTHY;
    }
}
