package dev.successscore.usage.api;

import java.time.Instant;

/**
 * One activity record as a caller sent it, not yet validated.
 *
 * @param feature    the feature used; empty or {@code null} for a plain login
 * @param occurredAt {@code null} when the caller left it out
 */
public record ActivityInput(String activityId, String userId, String feature, Instant occurredAt) {
}
