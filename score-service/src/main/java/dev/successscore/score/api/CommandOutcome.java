package dev.successscore.score.api;

/** What a tenant score command did. */
public enum CommandOutcome {
    /** One or more changes were recorded. */
    CHANGED,
    /** The command had been applied before, or is superseded: nothing was recorded. */
    UNCHANGED
}
