package dev.successscore.runtime.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;

/**
 * HTTPS for the JDK's {@link com.sun.net.httpserver.HttpsServer} with a service's {@link RotatingCertificates}:
 * the server presents the certificate the files hold now, so a rotated certificate is served to new handshakes
 * without a restart, as on the gRPC ports. Only TLS 1.2 and 1.3 are spoken.
 *
 * <p>A client certificate is asked for but not required: a client may present none, and one it presents must be
 * signed by a CA of {@value TlsSettings#CA}, or the handshake fails. This suits ports scraped by Prometheus, which
 * may or may not be configured with a client certificate.
 *
 * <p>The key and trust managers are grpc-java's {@link io.grpc.util.AdvancedTlsX509KeyManager} and
 * {@link io.grpc.util.AdvancedTlsX509TrustManager}, both {@code X509Extended*} managers that the JDK's TLS engine
 * uses as they are: the key manager hands out its current certificate under an alias of each rotation, and the
 * trust manager checks a client's certificate against the current CA bundle (it checks host names only of servers,
 * never of clients).
 */
public final class RotatingHttpsConfigurator extends HttpsConfigurator {

    /** The protocols spoken, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private RotatingHttpsConfigurator(SSLContext context) {
        super(context);
    }

    /** HTTPS with the certificates of {@code certificates}, as they are at each handshake. */
    public static RotatingHttpsConfigurator of(RotatingCertificates certificates) {
        Objects.requireNonNull(certificates, "certificates");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{certificates.keyManager()},
                    new TrustManager[]{certificates.trustManager()}, null);
            return new RotatingHttpsConfigurator(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK offers no TLS context: " + e, e);
        }
    }

    /** Sets each connection's parameters: TLS 1.2 and 1.3, client certificate wanted, not needed. */
    @Override
    public void configure(HttpsParameters parameters) {
        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
        ssl.setProtocols(PROTOCOLS.toArray(String[]::new));
        ssl.setWantClientAuth(true);
        parameters.setSSLParameters(ssl);
    }
}
