package dev.successscore.usage.api;

/**
 * A record that was not stored.
 *
 * @param index  its position in the batch
 * @param field  the field at fault, e.g. {@code activities[3].occurred_at}
 * @param reason why, for a person
 */
public record RejectedRecord(int index, String activityId, String field, String reason) {
}
