package dev.successscore.score.api;

/** How a signal's score is derived from its evidence (spec section 2). */
public enum SignalType {
    RATIO,
    GROWTH,
    INDICATOR,
    DEDUCTION
}
