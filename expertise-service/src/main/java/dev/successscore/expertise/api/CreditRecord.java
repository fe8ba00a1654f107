package dev.successscore.expertise.api;

import java.time.Instant;

/**
 * A learning credit as recorded.
 *
 * @param expiresAt certifications only; {@code null}: does not expire
 * @param revokedAt {@code null} unless revoked
 */
public record CreditRecord(String creditId, String userId, CreditKind kind, String credentialId, Instant earnedAt,
                           Instant expiresAt, Instant revokedAt) {

    /** Whether {@code other} records the same credit (revocation aside). */
    public boolean sameCreditAs(CreditRecord other) {
        return creditId.equals(other.creditId) && userId.equals(other.userId) && kind == other.kind
                && credentialId.equals(other.credentialId) && earnedAt.equals(other.earnedAt)
                && java.util.Objects.equals(expiresAt, other.expiresAt);
    }

    /** The first field in which {@code other} differs from this credit, or {@code null} when it does not. */
    public String firstDifference(CreditRecord other) {
        if (!userId.equals(other.userId)) {
            return "user_id";
        }
        if (kind != other.kind) {
            return "kind";
        }
        if (!credentialId.equals(other.credentialId)) {
            return "credential_id";
        }
        if (!earnedAt.equals(other.earnedAt)) {
            return "earned_at";
        }
        return java.util.Objects.equals(expiresAt, other.expiresAt) ? null : "expires_at";
    }

    /** Whether this is a certification held at {@code at}: earned, not expired, not revoked. */
    public boolean certificationHeldAt(Instant at) {
        return kind == CreditKind.CERTIFICATION && revokedAt == null && !earnedAt.isAfter(at)
                && (expiresAt == null || expiresAt.isAfter(at));
    }
}
