package dev.successscore.health.api;

import java.util.Locale;

/** The four subcategories of Technical Health, each one DEDUCTION signal of equal weight. */
public enum Subcategory {
    PERFORMANCE,
    RELIABILITY,
    SECURITY,
    LIMITS;

    /** The signal key in the scoring policy, e.g. {@code performance}. */
    public String signalKey() {
        return name().toLowerCase(Locale.ROOT);
    }
}
