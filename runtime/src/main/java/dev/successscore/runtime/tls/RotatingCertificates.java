package dev.successscore.runtime.tls;

import dev.successscore.runtime.concurrent.DaemonThreads;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This service's certificate and the CAs it trusts, read from PEM files and read again at an interval, so that
 * certificates rotate without a restart: new handshakes use what the files hold now, connections already open keep
 * theirs.
 *
 * <p>The key and trust managers are grpc-java's {@link AdvancedTlsX509KeyManager} and
 * {@link AdvancedTlsX509TrustManager}, which take new credentials while serving. The schedule is this object's own
 * (grpc-java's file watching allows no interval below one minute, and reloads only when both files' modification
 * times changed): a file is taken when its contents changed, and only when it is valid, the private key belonging
 * to the certificate. Invalid or half-written files are logged at WARN and the previous credentials are kept; the
 * next change is tried again. Closing stops the schedule.
 */
public final class RotatingCertificates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RotatingCertificates.class);

    private final Path chainFile;
    private final Path keyFile;
    private final Path caFile;
    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trustManager;
    private final ScheduledExecutorService schedule;
    private byte[] chainSeen;
    private byte[] keySeen;
    private byte[] caSeen;
    private volatile X509Certificate certificate;

    private RotatingCertificates(Path chainFile, Path keyFile, Path caFile, Duration interval) {
        this.chainFile = Objects.requireNonNull(chainFile, "chainFile");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.caFile = Objects.requireNonNull(caFile, "caFile");
        try {
            trustManager = AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create the TLS trust manager", e);
        }
        takeIdentity(read(chainFile, TlsSettings.CERT), read(keyFile, TlsSettings.KEY));
        takeTrust(read(caFile, TlsSettings.CA));
        schedule = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tls-reload"));
        schedule.scheduleWithFixedDelay(this::reloadQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the files of {@code settings} now and again every {@link TlsSettings#reloadInterval()}.
     *
     * @throws IllegalArgumentException     when a file is not a valid PEM certificate chain, PKCS#8 key or CA bundle,
     *                                      or the key does not belong to the certificate
     * @throws UncheckedIOException         when a file cannot be read
     */
    public static RotatingCertificates watch(TlsSettings settings) {
        if (settings.insecure()) {
            throw new IllegalArgumentException("Plaintext settings have no certificates to watch");
        }
        return new RotatingCertificates(settings.certificateChain(), settings.privateKey(),
                settings.trustedCertificates(), settings.reloadInterval());
    }

    /** Presents this service's current certificate in handshakes. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** Checks peers' certificates against the current CA bundle, and servers' names against their certificates. */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** The certificate this service presents now. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Reads the files now, as the schedule does.
     *
     * @return whether a new certificate or CA bundle was taken
     */
    public synchronized boolean reload() {
        boolean changed = false;
        try {
            byte[] chain = read(chainFile, TlsSettings.CERT);
            byte[] key = read(keyFile, TlsSettings.KEY);
            if (!Arrays.equals(chain, chainSeen) || !Arrays.equals(key, keySeen)) {
                chainSeen = chain;
                keySeen = key;
                takeIdentity(chain, key);
                changed = true;
            }
        } catch (RuntimeException e) {
            log.warn("Kept the previous TLS certificate {}: {}", describe(certificate), e.getMessage());
        }
        try {
            byte[] ca = read(caFile, TlsSettings.CA);
            if (!Arrays.equals(ca, caSeen)) {
                caSeen = ca;
                takeTrust(ca);
                changed = true;
            }
        } catch (RuntimeException e) {
            log.warn("Kept the previous trusted CA certificates: {}", e.getMessage());
        }
        return changed;
    }

    /** Stops reading the files; the managers keep what they hold. */
    @Override
    public void close() {
        schedule.shutdownNow();
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("Reading the TLS files failed", e);
        }
    }

    private void takeIdentity(byte[] chain, byte[] key) {
        PemFiles.Identity identity = PemFiles.identity(chain, chainFile, key, keyFile);
        keyManager.updateIdentityCredentials(identity.chain(), identity.key());
        boolean first = certificate == null;
        certificate = identity.certificate();
        chainSeen = chain;
        keySeen = key;
        if (first) {
            log.info("TLS certificate {} from {}", describe(certificate), chainFile);
        } else {
            log.info("TLS certificate rotated to {} from {}", describe(certificate), chainFile);
        }
    }

    private void takeTrust(byte[] ca) {
        X509Certificate[] trusted = PemFiles.trustedCertificates(ca, caFile);
        try {
            trustManager.updateTrustCredentials(trusted);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(caFile + " (" + TlsSettings.CA + ") cannot be trusted: " + e, e);
        }
        caSeen = ca;
        log.info("Trusting {} CA certificate(s) from {}", trusted.length, caFile);
    }

    private static byte[] read(Path file, String variable) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (" + variable + "): " + e, e);
        }
    }

    private static String describe(X509Certificate certificate) {
        if (certificate == null) {
            return "(none)";
        }
        return "'" + certificate.getSubjectX500Principal().getName() + "' serial "
                + certificate.getSerialNumber().toString(16) + " valid until " + certificate.getNotAfter().toInstant();
    }
}
