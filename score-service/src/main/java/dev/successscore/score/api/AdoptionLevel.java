package dev.successscore.score.api;

/** The adoption level reported with every Product Adoption measurement. */
public enum AdoptionLevel {
    NONE,
    USAGE,
    BASIC_ADOPTION,
    DEEP_ADOPTION
}
