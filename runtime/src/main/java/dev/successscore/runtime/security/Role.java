package dev.successscore.runtime.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do, granted by the {@code roles} claim of its token. Roles do not imply one another: a caller
 * that needs to read and to ingest holds both {@link #READ} and {@link #INGEST}.
 */
public enum Role {

    /** Write what tenants do: usage, credits, alerts. */
    INGEST,
    /** Read scores, their history and explanations, and watch them change. */
    READ,
    /** Verify the hash chain, simulate policies, produce reports. */
    AUDIT,
    /** Publish policies, override scores, replay projections. */
    ADMIN;

    /** The role named {@code name} (case-insensitive), empty for a name that is no role. */
    public static Optional<Role> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
