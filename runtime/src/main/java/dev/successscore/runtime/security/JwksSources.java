package dev.successscore.runtime.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Where token signing keys come from: a JWKS file or a JWKS URL. */
public final class JwksSources {

    /** Timeouts of one fetch of a JWKS URL. */
    public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** The largest JWKS document accepted from a URL. */
    public static final int MAX_JWKS_BYTES = 256 * 1024;

    private JwksSources() {
    }

    /** The keys of {@code settings} (enabled settings only). */
    public static JWKSource<SecurityContext> of(AuthSettings settings) {
        if (settings.disabled()) {
            throw new IllegalArgumentException("Authentication is disabled: there is no key source");
        }
        return settings.jwksFile().map(JwksSources::file)
                .orElseGet(() -> url(settings.jwksUrl().orElseThrow()));
    }

    /**
     * The public keys in a JWKS file, read now (a missing or unreadable file fails here) and read again when the
     * file changes, so that keys are rotated by rewriting the file.
     */
    public static JWKSource<SecurityContext> file(Path path) {
        return new JwksFile(path);
    }

    /**
     * The keys published at a JWKS URL: fetched when first needed, cached for five minutes and refreshed ahead of
     * expiry, fetched again (at most every 30 s) when a token names a key the cached set lacks, and kept in use for
     * a while when the URL fails.
     */
    public static JWKSource<SecurityContext> url(URI uri) {
        int timeoutMillis = (int) FETCH_TIMEOUT.toMillis();
        try {
            return JWKSourceBuilder.<SecurityContext>create(uri.toURL(),
                            new DefaultResourceRetriever(timeoutMillis, timeoutMillis, MAX_JWKS_BYTES))
                    .retrying(true)
                    .outageTolerant(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a JWKS URL: " + uri, e);
        }
    }
}
