package dev.successscore.usage.api;

/** A user's place in the organisation; executive_exposure asks which of them are active. */
public enum OrgLevel {
    INDIVIDUAL_CONTRIBUTOR,
    MANAGER,
    EXECUTIVE
}
