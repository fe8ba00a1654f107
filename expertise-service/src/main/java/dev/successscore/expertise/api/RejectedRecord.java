package dev.successscore.expertise.api;

/** A record that was not stored: its position, the field at fault and why. */
public record RejectedRecord(int index, String id, String field, String reason) {
}
