package dev.successscore.score.api;

import java.math.BigDecimal;
import java.time.Instant;

/** A person's override of a tenant's composite, in force from setAt until expiresAt. */
public record OverrideValue(
        BigDecimal value,
        String author,
        String reason,
        Instant setAt,
        Instant expiresAt,
        String requestId) {
}
