package dev.successscore.runtime.security;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.successscore.runtime.security.TokenRejectedException.Reason;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a {@link Caller} from verified claims: {@code sub}; {@code tenants}, a list of tenant ids or {@code "*"}
 * for every tenant (absent: none); {@code roles}, a list of {@link Role} names (absent: none; names that are no
 * role grant nothing).
 */
final class CallerClaims {

    static final String TENANTS = "tenants";
    static final String ROLES = "roles";
    static final String ALL_TENANTS = "*";

    private CallerClaims() {
    }

    static Caller toCaller(JWTClaimsSet claims) throws TokenRejectedException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : strings(claims.getClaim(ROLES))) {
            Role.named(name).ifPresent(roles::add);
        }
        Set<String> tenants = strings(claims.getClaim(TENANTS));
        if (tenants.contains(ALL_TENANTS)) {
            return Caller.ofAllTenants(claims.getSubject(), roles);
        }
        return Caller.of(claims.getSubject(), tenants, roles);
    }

    /** A claim that is one string or a list of strings, as a set; absent is empty. */
    private static Set<String> strings(Object claim) throws TokenRejectedException {
        if (claim == null) {
            return Set.of();
        }
        if (claim instanceof String one) {
            return Set.of(one);
        }
        if (!(claim instanceof Collection<?> many)) {
            throw new TokenRejectedException(Reason.MALFORMED);
        }
        Set<String> values = new LinkedHashSet<>();
        for (Object value : many) {
            if (!(value instanceof String text) || text.isBlank()) {
                throw new TokenRejectedException(Reason.MALFORMED);
            }
            values.add(text);
        }
        return values;
    }
}
