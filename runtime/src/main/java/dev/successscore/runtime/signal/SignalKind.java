package dev.successscore.runtime.signal;

/**
 * How a signal's score is derived from its evidence (see {@link SignalMath}); mirrors
 * {@code successscore.signal.v1.SignalType}.
 */
public enum SignalKind {
    /** round(100 x numerator / denominator), capped at 100; not available when the denominator is 0. */
    RATIO,
    /** round(50 x current / baseline), capped at 100; not available without a baseline. */
    GROWTH,
    /** 0, 50 or 100 by a documented rule. */
    INDICATOR,
    /** 100 minus penalties, floored at 0. */
    DEDUCTION
}
