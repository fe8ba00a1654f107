package dev.successscore.score.verify;

/** The first failed check in one tenant's history. */
public record Mismatch(String tenantId, long position, Kind kind, String expected, String actual, String detail) {

    /** Which check failed. */
    public enum Kind {
        /** The stored hash is not the hash of the stored change. */
        HASH,
        /** previousHash does not name the previous change's hash. */
        CHAIN_LINK,
        /** Recomputing the change from its cause, the state before it and its policy gives another result. */
        RECOMPUTED,
        /** Positions are not 1, 2, 3, ... */
        POSITION,
        /** The stored change cannot be read. */
        UNREADABLE
    }
}
