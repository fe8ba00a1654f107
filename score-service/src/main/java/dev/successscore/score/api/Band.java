package dev.successscore.score.api;

/** Health band of a composite score; thresholds are policy. */
public enum Band {
    AT_RISK,
    NEEDS_ATTENTION,
    HEALTHY
}
