package dev.successscore.runtime.signal;

/**
 * The adoption level reported with every Product Adoption measurement; mirrors
 * {@code successscore.signal.v1.AdoptionLevel}.
 */
public enum SignalAdoptionLevel {
    /** No active user in the window. */
    NONE,
    /** Users are active, but neither basic nor deep adoption holds. */
    USAGE,
    /** feature_breadth &gt;= 40 and usage_frequency &gt;= 40. */
    BASIC_ADOPTION,
    /** Broad, frequent, licensed and executive-level use. */
    DEEP_ADOPTION
}
