package dev.successscore.runtime.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.successscore.runtime.security.TokenRejectedException.Reason;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a bearer JWT and tells who it stands for.
 *
 * <p>A token passes when, in this order: it is a JWS signed with RS256 or ES256 (unsigned tokens, HMAC and every
 * other algorithm are refused, which rules out algorithm confusion); its {@code kid} names a key of the key source
 * of the matching type; the signature verifies with that key; it has {@code sub} and {@code exp}; {@code exp} has
 * not passed and {@code nbf} (if present) has, both give or take the clock skew; {@code iss} is the configured
 * issuer; {@code aud} contains the configured audience. The time is the injected {@link Clock}'s.
 */
public final class TokenVerifier {

    /** The only signature algorithms accepted. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final JWKSource<SecurityContext> keys;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;

    /**
     * @param keys the issuer's public keys
     * @param issuer the required {@code iss}
     * @param audience the required member of {@code aud}
     * @param clockSkew the tolerated clock difference for {@code exp} and {@code nbf}
     * @param clock the service's clock
     */
    public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Duration clockSkew,
                         Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier configured by enabled {@code settings}. */
    public static TokenVerifier from(AuthSettings settings, Clock clock) {
        return new TokenVerifier(JwksSources.of(settings), settings.issuer(), settings.audience(),
                settings.clockSkew(), clock);
    }

    /**
     * The caller {@code token} stands for.
     *
     * @param token a compact JWT (without the {@code Bearer} prefix)
     * @throws TokenRejectedException naming the first check the token fails
     */
    public Caller verify(String token) throws TokenRejectedException {
        SignedJWT jwt = signed(token);
        verifySignature(jwt);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, e);
        }
        verifyClaims(claims);
        return CallerClaims.toCaller(claims);
    }

    private static SignedJWT signed(String token) throws TokenRejectedException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(Objects.requireNonNull(token, "token"));
        } catch (ParseException e) {
            throw new TokenRejectedException(Reason.MALFORMED, e);
        }
        if (!(jwt instanceof SignedJWT signed) || !ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
            throw new TokenRejectedException(Reason.UNSUPPORTED_ALGORITHM);
        }
        return signed;
    }

    private void verifySignature(SignedJWT jwt) throws TokenRejectedException {
        JWSHeader header = jwt.getHeader();
        if (header.getKeyID() == null || header.getKeyID().isBlank()) {
            throw new TokenRejectedException(Reason.UNKNOWN_KEY);
        }
        List<JWK> candidates;
        try {
            candidates = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
        } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
            // the keys were fetched again a moment ago for another unknown key id: this one is unknown too
            throw new TokenRejectedException(Reason.UNKNOWN_KEY, e);
        } catch (KeySourceException e) {
            throw new TokenRejectedException(Reason.KEYS_UNAVAILABLE, e);
        }
        if (candidates.isEmpty()) {
            throw new TokenRejectedException(Reason.UNKNOWN_KEY);
        }
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = verifierFor(key);
                if (verifier != null && jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that cannot verify this token: try the next one
            }
        }
        throw new TokenRejectedException(Reason.BAD_SIGNATURE);
    }

    private static JWSVerifier verifierFor(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        return null;
    }

    private void verifyClaims(JWTClaimsSet claims) throws TokenRejectedException {
        Date expiry = claims.getExpirationTime();
        if (expiry == null || claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new TokenRejectedException(Reason.INCOMPLETE);
        }
        Instant now = clock.instant();
        if (!now.isBefore(expiry.toInstant().plus(clockSkew))) {
            throw new TokenRejectedException(Reason.EXPIRED);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(clockSkew))) {
            throw new TokenRejectedException(Reason.NOT_YET_VALID);
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER);
        }
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new TokenRejectedException(Reason.WRONG_AUDIENCE);
        }
    }
}
