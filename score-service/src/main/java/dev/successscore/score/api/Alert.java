package dev.successscore.score.api;

import java.time.Instant;

/**
 * An alert raised by a score change.
 *
 * @param category the category concerned, for category alerts; else null
 */
public record Alert(String alertId, AlertKind kind, Instant raisedAt, long position, String message, Category category) {
}
