package dev.successscore.runtime.tls;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;

import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of a service's gRPC servers and of its channels to other services, from {@link TlsSettings}.
 *
 * <p>With TLS, servers present this service's certificate and, with {@link ClientAuth#REQUIRE}, refuse clients
 * without a certificate signed by the trusted CA (mutual TLS); channels present the same certificate and check that
 * the server's certificate is signed by the trusted CA and names the host called. Both use
 * {@link RotatingCertificates}, so rotated files are picked up within the reload interval without a restart.
 * Only TLS 1.2 and 1.3 are spoken: gRPC's transport offers HTTP/2's cipher suites only, which need TLS 1.2 or later,
 * and neither the JDK nor the bundled BoringSSL enables an older protocol.
 *
 * <p>With {@link TlsSettings#insecure()} both are plaintext, and {@link #start} logs the plaintext warning.
 *
 * <pre>{@code
 * TransportSecurity security = TransportSecurity.start(TlsSettings.from(settings));
 * Server server = Grpc.newServerBuilderForPort(port, security.serverCredentials())...;
 * ManagedChannel channel = Grpc.newChannelBuilder("dns:///usage-service:7101", security.channelCredentials())...;
 * // at shutdown
 * security.close();
 * }</pre>
 */
public final class TransportSecurity implements AutoCloseable {

    private final TlsSettings settings;
    private final RotatingCertificates certificates;

    private TransportSecurity(TlsSettings settings, RotatingCertificates certificates) {
        this.settings = settings;
        this.certificates = certificates;
    }

    /**
     * Reads the TLS files and starts reloading them, or, for plaintext settings, logs the plaintext warning.
     *
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} when the files are unusable
     */
    public static TransportSecurity start(TlsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.warnIfInsecure()) {
            return new TransportSecurity(settings, null);
        }
        return new TransportSecurity(settings, RotatingCertificates.watch(settings));
    }

    /** Whether servers and channels speak plaintext. */
    public boolean isPlaintext() {
        return certificates == null;
    }

    /** The certificates in use; empty in plaintext. */
    public Optional<RotatingCertificates> certificates() {
        return Optional.ofNullable(certificates);
    }

    /** Server credentials with the configured client authentication ({@link TlsSettings#clientAuth()}). */
    public ServerCredentials serverCredentials() {
        return serverCredentials(settings.clientAuth());
    }

    /**
     * Server credentials with the given client authentication, e.g. {@link ClientAuth#OPTIONAL} for a port that
     * external API clients reach with tokens only.
     */
    public ServerCredentials serverCredentials(ClientAuth clientAuth) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (certificates == null) {
            return InsecureServerCredentials.create();
        }
        return TlsServerCredentials.newBuilder()
                .keyManager(certificates.keyManager())
                .trustManager(certificates.trustManager())
                .clientAuth(clientAuth.toGrpc())
                .build();
    }

    /** Credentials of a channel to another service of the suite: mutual TLS, presenting this service's certificate. */
    public ChannelCredentials channelCredentials() {
        if (certificates == null) {
            return InsecureChannelCredentials.create();
        }
        return TlsChannelCredentials.newBuilder()
                .keyManager(certificates.keyManager())
                .trustManager(certificates.trustManager())
                .build();
    }

    /** Stops reloading the files; credentials already handed out keep the certificates they last held. */
    @Override
    public void close() {
        if (certificates != null) {
            certificates.close();
        }
    }
}
