package dev.successscore.score.query;

import java.math.BigDecimal;
import java.time.Instant;

/** A row of the current-score read model: what a listing shows without reading the change itself. */
public record CurrentScore(
        String tenantId,
        long position,
        Instant changeTime,
        String state,
        BigDecimal composite,
        BigDecimal computedComposite,
        String band,
        BigDecimal adoptionScore,
        BigDecimal expertiseScore,
        BigDecimal healthScore,
        int policyVersion,
        String hash) {
}
