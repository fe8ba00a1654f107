package dev.successscore.expertise.api;

/** Kinds of learning credit; only certifications expire. */
public enum CreditKind {
    BADGE,
    SUPERBADGE,
    CERTIFICATION,
    COURSE,
    EVENT_ATTENDANCE
}
