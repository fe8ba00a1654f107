package dev.successscore.score.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A category as scored in one change.
 *
 * @param score one decimal, null when not available
 * @param weight the category's effective weight in the composite (two decimals), zero when not available
 * @param contribution weight x score / 100 (two decimals), null when not available
 * @param expired the measurement passed its staleness limit
 * @param expiresAt when the measurement passes its staleness limit, null without a measurement
 */
public record CategoryResult(
        Category category,
        boolean available,
        BigDecimal score,
        BigDecimal weight,
        BigDecimal contribution,
        String unavailableReason,
        String measurementId,
        Instant measuredAt,
        boolean expired,
        Instant expiresAt,
        String sourceService,
        AdoptionLevel adoptionLevel,
        List<SignalResult> signals) {

    public CategoryResult {
        signals = List.copyOf(signals);
    }
}
