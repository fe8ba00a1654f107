package dev.successscore.score.api;

/** Whether a composite could be computed. */
public enum ScoreState {
    SCORED,
    /** Product Adoption is not available, so there is no composite. */
    INSUFFICIENT_DATA
}
