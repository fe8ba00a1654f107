package dev.successscore.runtime.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.successscore.runtime.config.Settings;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Signing keys from a JWKS file (rotated by rewriting it) and from a JWKS URL. */
class JwksSourcesTest {

    private final TestIssuer issuer = new TestIssuer();

    private TokenVerifier verifierFor(Map<String, String> keySource) {
        Map<String, String> values = new java.util.HashMap<>(keySource);
        values.put(AuthSettings.ISSUER, TestIssuer.ISSUER);
        values.put(AuthSettings.AUDIENCE, TestIssuer.AUDIENCE);
        return TokenVerifier.from(AuthSettings.from(Settings.of(values)), issuer.clock);
    }

    @Test
    void verifiesTokensWithTheKeysOfAJwksFile(@TempDir Path dir) throws Exception {
        Path file = issuer.writeJwks(dir.resolve("jwks.json"));
        TokenVerifier verifier = verifierFor(Map.of(AuthSettings.JWKS_FILE, file.toString()));

        assertThat(verifier.verify(issuer.rs256(issuer.claims().build())).subject()).isEqualTo("alice@acme.example");
        assertThat(verifier.verify(issuer.es256(issuer.claims().build())).roles()).containsExactly(Role.READ);
    }

    @Test
    void aRewrittenJwksFileRotatesTheKeys(@TempDir Path dir) throws Exception {
        Path file = issuer.writeJwks(dir.resolve("jwks.json"));
        TokenVerifier verifier = verifierFor(Map.of(AuthSettings.JWKS_FILE, file.toString()));
        RSAKey next = TestIssuer.newRsaKey("rsa-2030-02");
        String signedWithNext = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(next.getKeyID())
                .build(), TestIssuer.signer(next), issuer.claims().build());

        assertThat(catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(signedWithNext))
                .reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY);

        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, new JWKSet(List.of(issuer.rsa.toPublicJWK(), next.toPublicJWK())).toString());
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));

        assertThat(verifier.verify(signedWithNext).subject()).isEqualTo("alice@acme.example");
        assertThat(verifier.verify(issuer.rs256(issuer.claims().build())).subject()).isEqualTo("alice@acme.example");
        assertThat(catchThrowableOfType(TokenRejectedException.class,
                () -> verifier.verify(issuer.es256(issuer.claims().build()))).reason())
                .as("the EC key was removed from the file").isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY);
    }

    @Test
    void aMissingJwksFileFailsAtStartUp(@TempDir Path dir) {
        assertThatThrownBy(() -> JwksSources.file(dir.resolve("absent.json")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("absent.json");
    }

    @Test
    void privateKeysInTheFileAreNeverUsedAsSuch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(List.of(issuer.rsa, issuer.ec)).toString(false));
        TokenVerifier verifier = verifierFor(Map.of(AuthSettings.JWKS_FILE, file.toString()));

        assertThat(verifier.verify(issuer.rs256(issuer.claims().build())).subject()).isEqualTo("alice@acme.example");
    }

    @Test
    void verifiesTokensWithTheKeysOfAJwksUrl() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = issuer.publicKeys().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json";
            TokenVerifier verifier = verifierFor(Map.of(AuthSettings.JWKS_URL, url));

            assertThat(verifier.verify(issuer.rs256(issuer.claims().build())).subject())
                    .isEqualTo("alice@acme.example");
            assertThat(verifier.verify(issuer.es256(issuer.claims().build())).subject())
                    .isEqualTo("alice@acme.example");
            assertThat(fetches.get()).as("the key set is cached").isEqualTo(1);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void anUnreachableJwksUrlAnswersUnavailable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        TokenVerifier verifier = verifierFor(Map.of(AuthSettings.JWKS_URL, "http://127.0.0.1:" + port + "/jwks"));

        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> verifier.verify(issuer.rs256(issuer.claims().build())));

        assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.KEYS_UNAVAILABLE);
        assertThat(e.toStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
}
