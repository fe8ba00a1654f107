package dev.successscore.runtime.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.successscore.runtime.testing.MovableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** A token issuer for tests: an RSA and an EC signing key, their JWKS, and tokens signed with them. */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.example.test";
    public static final String AUDIENCE = "successscore";
    static final String RSA_KID = "rsa-2030-01";
    static final String EC_KID = "ec-2030-01";

    final RSAKey rsa;
    final ECKey ec;
    public final MovableClock clock = new MovableClock(Instant.parse("2030-01-15T10:00:00Z"));

    public TestIssuer() {
        rsa = newRsaKey(RSA_KID);
        try {
            ec = new ECKeyGenerator(Curve.P_256).keyID(EC_KID).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey newRsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public keys, as an issuer publishes them. */
    JWKSet publicKeys() {
        return new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    }

    /** Writes the public keys to a JWKS file. */
    public Path writeJwks(Path file) {
        try {
            Files.writeString(file, publicKeys().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Claims of a valid token for alice, reader of tenant acme, valid for ten minutes. */
    public JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE, "other-api"))
                .subject("alice@acme.example")
                .issueTime(Date.from(now()))
                .notBeforeTime(Date.from(now()))
                .expirationTime(Date.from(now().plus(Duration.ofMinutes(10))))
                .claim("tenants", List.of("acme"))
                .claim("roles", List.of("READ"));
    }

    public String rs256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA_KID).type(JOSEObjectType.JWT).build(),
                signer(rsa), claims);
    }

    String es256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC_KID).type(JOSEObjectType.JWT).build(),
                signer(ec), claims);
    }

    static JWSSigner signer(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSSigner signer(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
