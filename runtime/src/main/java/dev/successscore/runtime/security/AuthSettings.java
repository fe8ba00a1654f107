package dev.successscore.runtime.security;

import dev.successscore.runtime.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service authenticates its callers, read from the environment.
 *
 * <ul>
 *   <li>{@value #JWKS_FILE} or {@value #JWKS_URL}: where the token issuer's public keys are (a JWKS document);
 *       exactly one of them. A URL is {@code https}, or {@code http} on the loopback interface only.</li>
 *   <li>{@value #ISSUER}: the {@code iss} every token must carry.</li>
 *   <li>{@value #AUDIENCE}: a value the {@code aud} of every token must contain.</li>
 *   <li>{@value #CLOCK_SKEW}: how far the issuer's and the service's clocks may differ when checking {@code exp}
 *       and {@code nbf}; default 30 s, at most 5 minutes.</li>
 *   <li>{@value #DISABLED}{@code =true}: no authentication at all, every call runs as
 *       {@link Caller#UNAUTHENTICATED_LOCAL}; for a local suite on a trusted machine only.</li>
 * </ul>
 *
 * @param disabled whether authentication is explicitly disabled; then the other components are unset
 * @param jwksFile the JWKS file, if the keys come from a file
 * @param jwksUrl the JWKS URL, if the keys come from the issuer over HTTP
 * @param issuer the required {@code iss}
 * @param audience the required member of {@code aud}
 * @param clockSkew the tolerated clock difference
 */
public record AuthSettings(boolean disabled, Optional<Path> jwksFile, Optional<URI> jwksUrl, String issuer,
                           String audience, Duration clockSkew) {

    public static final String JWKS_FILE = "CSS_AUTH_JWKS_FILE";
    public static final String JWKS_URL = "CSS_AUTH_JWKS_URL";
    public static final String ISSUER = "CSS_AUTH_ISSUER";
    public static final String AUDIENCE = "CSS_AUTH_AUDIENCE";
    public static final String CLOCK_SKEW = "CSS_AUTH_CLOCK_SKEW";
    public static final String DISABLED = "CSS_AUTH_DISABLED";

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public AuthSettings {
        Objects.requireNonNull(jwksFile, "jwksFile");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (!disabled) {
            if (jwksFile.isPresent() == jwksUrl.isPresent()) {
                throw new IllegalArgumentException("Exactly one of " + JWKS_FILE + " and " + JWKS_URL + " must be set");
            }
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("Configuration variable " + ISSUER + " is required");
            }
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("Configuration variable " + AUDIENCE + " is required");
            }
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("Configuration variable " + CLOCK_SKEW + " must be between 0 and "
                    + MAX_CLOCK_SKEW.toMinutes() + " minutes but was " + clockSkew);
        }
    }

    /** Authentication explicitly disabled: the insecure local mode. */
    public static AuthSettings insecureDisabled() {
        return new AuthSettings(true, Optional.empty(), Optional.empty(), null, null, DEFAULT_CLOCK_SKEW);
    }

    /**
     * The settings of {@code settings}' variables.
     *
     * @throws IllegalArgumentException naming every missing variable when authentication is enabled but not fully
     *         configured, or naming a variable whose value is invalid
     */
    public static AuthSettings from(Settings settings) {
        if (settings.bool(DISABLED, false)) {
            List<String> configured = java.util.stream.Stream.of(JWKS_FILE, JWKS_URL, ISSUER, AUDIENCE)
                    .filter(name -> settings.optional(name).isPresent()).toList();
            if (!configured.isEmpty()) {
                // never silently drop a configuration someone meant to be in force
                throw new IllegalArgumentException(DISABLED + "=true contradicts " + String.join(", ", configured)
                        + ": remove one or the other");
            }
            return insecureDisabled();
        }
        Optional<Path> file = settings.optional(JWKS_FILE).map(value -> settings.path(JWKS_FILE, null));
        Optional<URI> url = settings.optional(JWKS_URL).map(AuthSettings::jwksUrl);
        Optional<String> issuer = settings.optional(ISSUER);
        Optional<String> audience = settings.optional(AUDIENCE);
        List<String> missing = new ArrayList<>();
        if (file.isEmpty() && url.isEmpty()) {
            missing.add(JWKS_FILE + " or " + JWKS_URL);
        }
        if (issuer.isEmpty()) {
            missing.add(ISSUER);
        }
        if (audience.isEmpty()) {
            missing.add(AUDIENCE);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Caller authentication is enabled but not configured: set "
                    + String.join(", ", missing) + " (or " + DISABLED + "=true for an insecure local suite)");
        }
        if (file.isPresent() && url.isPresent()) {
            throw new IllegalArgumentException("Set only one of " + JWKS_FILE + " and " + JWKS_URL);
        }
        Duration skew = settings.duration(CLOCK_SKEW, DEFAULT_CLOCK_SKEW);
        return new AuthSettings(false, file, url, issuer.get(), audience.get(), skew);
    }

    private static URI jwksUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Configuration variable " + JWKS_URL + " must be a URL but was '"
                    + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = uri.getHost() != null && List.of("localhost", "127.0.0.1", "[::1]", "::1")
                .contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException("Configuration variable " + JWKS_URL
                    + " must be an https URL (http only on localhost) but was '" + value + "'");
        }
        return uri;
    }
}
