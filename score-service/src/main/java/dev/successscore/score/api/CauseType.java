package dev.successscore.score.api;

/** What caused a recorded score change. */
public enum CauseType {
    MEASUREMENT,
    STALENESS_EXPIRY,
    POLICY_PUBLICATION,
    OVERRIDE_SET,
    OVERRIDE_CLEARED,
    OVERRIDE_EXPIRED,
    ENGAGEMENT_CHANGE
}
