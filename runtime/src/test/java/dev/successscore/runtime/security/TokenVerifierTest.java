package dev.successscore.runtime.security;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.successscore.runtime.security.TokenRejectedException.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a verified token says about its caller, and the edges of the time checks. */
class TokenVerifierTest {

    private final TestIssuer issuer = new TestIssuer();
    private final TokenVerifier verifier = new TokenVerifier(new ImmutableJWKSet<>(issuer.publicKeys()),
            TestIssuer.ISSUER, TestIssuer.AUDIENCE, Duration.ofSeconds(30), issuer.clock);

    private Reason rejection(JWTClaimsSet claims) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> verifier.verify(issuer.rs256(claims)));
        assertThat(e).as("the token should have been refused").isNotNull();
        return e.reason();
    }

    @Test
    void readsSubjectTenantsAndRoles() throws Exception {
        Caller caller = verifier.verify(issuer.rs256(issuer.claims()
                .claim("tenants", List.of("acme", "initech"))
                .claim("roles", List.of("INGEST", "ADMIN"))
                .build()));

        assertThat(caller.subject()).isEqualTo("alice@acme.example");
        assertThat(caller.tenants()).containsExactlyInAnyOrder("acme", "initech");
        assertThat(caller.allTenants()).isFalse();
        assertThat(caller.roles()).containsExactlyInAnyOrder(Role.INGEST, Role.ADMIN);
        assertThat(caller.canSee("acme")).isTrue();
        assertThat(caller.canSee("globex")).isFalse();
    }

    @Test
    void starInTheTenantsSeesEveryTenant() throws Exception {
        Caller caller = verifier.verify(issuer.rs256(issuer.claims().claim("tenants", List.of("*")).build()));

        assertThat(caller.allTenants()).isTrue();
        assertThat(caller.canSee("any-tenant")).isTrue();
    }

    @Test
    void unknownRoleNamesGrantNothing() throws Exception {
        Caller caller = verifier.verify(issuer.rs256(issuer.claims()
                .claim("roles", List.of("SUPERUSER", "read")).build()));

        assertThat(caller.roles()).containsExactly(Role.READ);
    }

    @Test
    void tenantsThatAreNoListOfIdsAreMalformed() {
        assertThat(rejection(issuer.claims().claim("tenants", 42).build())).isEqualTo(Reason.MALFORMED);
        assertThat(rejection(issuer.claims().claim("tenants", List.of("acme", 7)).build()))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        assertThat(rejection(issuer.claims().expirationTime(null).build())).isEqualTo(Reason.INCOMPLETE);
    }

    @Test
    void expiryIsCheckedAgainstTheInjectedClock() throws Exception {
        String token = issuer.rs256(issuer.claims()
                .expirationTime(Date.from(issuer.now().plus(Duration.ofMinutes(1)))).build());
        assertThat(verifier.verify(token).subject()).isEqualTo("alice@acme.example");

        issuer.clock.advance(Duration.ofSeconds(89));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice@acme.example");

        issuer.clock.advance(Duration.ofSeconds(1));
        assertThat(catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token)).reason())
                .isEqualTo(Reason.EXPIRED);
    }

    @Test
    void notBeforeWithinTheClockSkewPasses() throws Exception {
        String token = issuer.rs256(issuer.claims()
                .notBeforeTime(Date.from(issuer.now().plus(Duration.ofSeconds(30)))).build());

        assertThat(verifier.verify(token).subject()).isEqualTo("alice@acme.example");
    }

    @Test
    void audienceGivenAsOneStringIsAccepted() throws Exception {
        assertThat(verifier.verify(issuer.rs256(issuer.claims().audience(TestIssuer.AUDIENCE).build())).subject())
                .isEqualTo("alice@acme.example");
    }
}
