package dev.successscore.score.api;

import java.math.BigDecimal;

/**
 * What a signal's score was computed from, as reported by the owning service.
 * Each number may be null where it does not apply.
 */
public record Evidence(BigDecimal numerator, BigDecimal denominator, BigDecimal baseline, String note) {

    public static final Evidence NONE = new Evidence(null, null, null, "");
}
