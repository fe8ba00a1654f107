package dev.successscore.runtime.tls;

import dev.successscore.runtime.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a service secures its gRPC transport: TLS from PEM files that it reloads while serving, or, only when asked
 * for explicitly with {@value #INSECURE}{@code =true}, plaintext.
 *
 * <p>There is no silent default: {@link #from(Settings)} fails when neither the three files nor the insecure flag
 * are set, and when both are.
 *
 * @param insecure            plaintext, no TLS at all ({@value #INSECURE}); the file paths are then {@code null}
 * @param certificateChain    PEM certificate chain this service presents, its own certificate first
 *                            ({@value #CERT})
 * @param privateKey          PEM PKCS#8 private key of that certificate ({@value #KEY})
 * @param trustedCertificates PEM bundle of the CA certificates that sign the peers' certificates ({@value #CA})
 * @param reloadInterval      how often the files are read again to pick up rotated certificates
 *                            ({@value #RELOAD_INTERVAL})
 * @param clientAuth          whether the server requires client certificates ({@value #CLIENT_AUTH})
 */
public record TlsSettings(boolean insecure, Path certificateChain, Path privateKey, Path trustedCertificates,
                          Duration reloadInterval, ClientAuth clientAuth) {

    /** PEM certificate chain this service presents. */
    public static final String CERT = "CSS_TLS_CERT";
    /** PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of the certificate. */
    public static final String KEY = "CSS_TLS_KEY";
    /** PEM bundle of the CA certificates that sign the peers' certificates. */
    public static final String CA = "CSS_TLS_CA";
    /** How often the files are read again, default 1 minute. */
    public static final String RELOAD_INTERVAL = "CSS_TLS_RELOAD_INTERVAL";
    /** {@code require} (default, mutual TLS) or {@code optional}. */
    public static final String CLIENT_AUTH = "CSS_TLS_CLIENT_AUTH";
    /** {@code true} to serve and call in plaintext: only for the suite on one machine. */
    public static final String INSECURE = "CSS_INSECURE";
    /** Default of {@link #RELOAD_INTERVAL}. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(TlsSettings.class);
    private static final String BANNER = "*".repeat(100);

    /** Validates the settings. */
    public TlsSettings {
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (reloadInterval.isZero() || reloadInterval.isNegative()) {
            throw new IllegalArgumentException("TLS reload interval must be positive but was " + reloadInterval);
        }
        if (insecure && (certificateChain != null || privateKey != null || trustedCertificates != null)) {
            throw new IllegalArgumentException("Plaintext settings take no TLS files");
        }
        if (!insecure) {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        }
    }

    /**
     * Reads the {@code CSS_TLS_*} variables and {@value #INSECURE}.
     *
     * @throws IllegalArgumentException when neither the TLS files nor the insecure flag are set, when only some of
     *                                  the files are, or when both TLS files and the insecure flag are
     */
    public static TlsSettings from(Settings settings) {
        boolean insecure = settings.bool(INSECURE, false);
        List<String> set = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : List.of(CERT, KEY, CA)) {
            (settings.optional(name).isPresent() ? set : missing).add(name);
        }
        if (insecure && !set.isEmpty()) {
            throw new IllegalArgumentException(INSECURE + "=true asks for plaintext but " + String.join(", ", set)
                    + " also set TLS files: set either " + CERT + ", " + KEY + " and " + CA + ", or " + INSECURE
                    + "=true");
        }
        Duration interval = settings.duration(RELOAD_INTERVAL, DEFAULT_RELOAD_INTERVAL);
        if (interval.isZero()) {
            throw new IllegalArgumentException("Configuration variable " + RELOAD_INTERVAL
                    + " must be a positive duration but was '" + settings.string(RELOAD_INTERVAL, "") + "'");
        }
        ClientAuth clientAuth = settings.optional(CLIENT_AUTH).map(ClientAuth::parse).orElse(ClientAuth.REQUIRE);
        if (insecure) {
            return new TlsSettings(true, null, null, null, interval, clientAuth);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("Transport security is not configured: set " + CERT + ", " + KEY
                    + " and " + CA + " to PEM files for TLS, or " + INSECURE
                    + "=true to run in plaintext (only for the suite on one machine)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("TLS is incomplete: " + String.join(", ", set) + " set but "
                    + String.join(" and ", missing) + " not; TLS needs " + CERT + ", " + KEY + " and " + CA);
        }
        return new TlsSettings(false, settings.path(CERT, null), settings.path(KEY, null), settings.path(CA, null),
                interval, clientAuth);
    }

    /** TLS from these files, reloaded every minute, with mutual TLS. */
    public static TlsSettings files(Path certificateChain, Path privateKey, Path trustedCertificates) {
        return new TlsSettings(false, certificateChain, privateKey, trustedCertificates, DEFAULT_RELOAD_INTERVAL,
                ClientAuth.REQUIRE);
    }

    /** Plaintext: every call and token travels unencrypted. */
    public static TlsSettings plaintext() {
        return new TlsSettings(true, null, null, null, DEFAULT_RELOAD_INTERVAL, ClientAuth.REQUIRE);
    }

    /** A copy that reads the files at another interval. */
    public TlsSettings withReloadInterval(Duration interval) {
        return new TlsSettings(insecure, certificateChain, privateKey, trustedCertificates, interval, clientAuth);
    }

    /** A copy whose servers treat client certificates so. */
    public TlsSettings withClientAuth(ClientAuth auth) {
        return new TlsSettings(insecure, certificateChain, privateKey, trustedCertificates, reloadInterval, auth);
    }

    /**
     * Logs a banner at WARN that the transport is plaintext, when it is; a service calls this at start-up so that
     * nobody misses it in the logs.
     *
     * @return whether the settings are plaintext
     */
    public boolean warnIfInsecure() {
        if (insecure) {
            log.warn("\n{}\nPLAINTEXT: every call and token travels unencrypted ({}=true).\n"
                            + "Anyone on the network path can read and change them. Use this only for the suite on "
                            + "one machine;\neverywhere else set {}, {} and {}.\n{}",
                    BANNER, INSECURE, CERT, KEY, CA, BANNER);
        }
        return insecure;
    }
}
