package dev.successscore.score.api;

/** The alerts of spec section 5. */
public enum AlertKind {
    BAND_CHANGE,
    SCORE_DROP,
    ENGAGEMENT_DROP,
    CATEGORY_UNAVAILABLE
}
