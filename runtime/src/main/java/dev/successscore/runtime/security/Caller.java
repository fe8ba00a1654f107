package dev.successscore.runtime.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated party behind a call: a person or a platform.
 *
 * @param subject who calls, from the token's {@code sub} claim; what services record as the author of a change
 * @param tenants the tenants the caller may see, from the {@code tenants} claim (ignored when {@code allTenants})
 * @param allTenants whether the caller may see every tenant ({@code "tenants": "*"})
 * @param roles what the caller may do, from the {@code roles} claim
 */
public record Caller(String subject, Set<String> tenants, boolean allTenants, Set<Role> roles) {

    /** The caller every call runs as when authentication is explicitly disabled (a local, insecure suite). */
    public static final Caller UNAUTHENTICATED_LOCAL =
            new Caller("anonymous (authentication disabled)", Set.of(), true, EnumSet.allOf(Role.class));

    public Caller {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a caller's subject must not be blank");
        }
        tenants = allTenants ? Set.of() : Set.copyOf(tenants);
        roles = Set.copyOf(roles);
    }

    /** A caller who may see exactly {@code tenants}. */
    public static Caller of(String subject, Set<String> tenants, Set<Role> roles) {
        return new Caller(subject, tenants, false, roles);
    }

    /** A caller who may see every tenant. */
    public static Caller ofAllTenants(String subject, Set<Role> roles) {
        return new Caller(subject, Set.of(), true, roles);
    }

    /** Whether the caller may see the tenant {@code tenantId}. */
    public boolean canSee(String tenantId) {
        return allTenants || (tenantId != null && tenants.contains(tenantId));
    }

    /** Whether the caller holds {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role);
    }
}
