package dev.successscore.runtime.tls;

import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.tls.TestCertificates.Authority;
import dev.successscore.runtime.tls.TestCertificates.Issued;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.util.AdvancedTlsX509KeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** A service's metrics served over HTTPS with its TLS files, scraped as Prometheus does. */
class MetricsOverHttpsTest {

    private static final Duration RELOAD = Duration.ofSeconds(1);
    /** A TLS 1.2 suite and one usable with TLS 1.1 too, for a client that offers only one protocol. */
    private static final List<String> CIPHERS = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
    private static final byte HANDSHAKE_RECORD = 22;

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Authority suite;
    private Issued serverCertificate;
    private ServiceMetrics metrics;

    @BeforeEach
    void serveMetricsOverTls() {
        suite = TestCertificates.authority("Suite CA");
        suite.writeTo(dir.resolve("ca.crt"));
        serverCertificate = suite.server("usage-service").writeTo(dir, "server");
        TransportSecurity security = closeLater(TransportSecurity.start(TlsSettings.files(
                dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt"))
                .withReloadInterval(RELOAD)));
        metrics = closeLater(ServiceMetrics.serve("usage-service", 0, security));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void aScraperTrustingTheSuitesCaWithoutAClientCertificateGetsTheMetricsOverTls12Or13() throws Exception {
        HttpResponse<String> response = scrape(client(trusting(suite), null));

        assertThat(metrics.scheme()).isEqualTo("https");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("process_uptime_seconds{service=\"usage-service\"}");
        SSLSession session = response.sslSession().orElseThrow();
        assertThat(session.getPeerCertificates()[0]).isEqualTo(serverCertificate.certificate());
        assertThat(session.getProtocol()).isIn(RotatingHttpsConfigurator.PROTOCOLS);
    }

    @Test
    void aClientCertificateOfTheSuitesCaIsAcceptedAndOneOfAForeignCaIsRefused() throws Exception {
        Issued prometheus = suite.client("prometheus");
        Issued intruder = TestCertificates.authority("Foreign CA").client("intruder");

        HttpResponse<String> response = scrape(client(trusting(suite), prometheus));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getLocalCertificates()).as("the certificate presented")
                .containsExactly(prometheus.certificate());

        assertThat(catchThrowable(() -> scrape(client(trusting(suite), intruder))))
                .as("a client certificate the suite's CA did not sign").isInstanceOf(IOException.class);
    }

    @Test
    void aScraperThatDoesNotTrustTheSuitesCaRefusesTheServer() {
        assertThat(catchThrowable(() -> scrape(client(trusting(TestCertificates.authority("Other CA")), null))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void plainHttpToTheHttpsPortIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Throwable refused = catchThrowable(() -> plain.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + metrics.port() + ServiceMetrics.PATH))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));

        assertThat(refused).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateReplacedOnDiskIsServedWithoutARestart() throws Exception {
        assertThat(servedCertificate()).isEqualTo(serverCertificate.certificate());

        Issued rotated = suite.server("usage-service").writeTo(dir, "server");
        assertThat(rotated.certificate().getSerialNumber())
                .isNotEqualTo(serverCertificate.certificate().getSerialNumber());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(servedCertificate()).isEqualTo(rotated.certificate()));
        assertThat(scrape(client(trusting(suite), null)).statusCode()).isEqualTo(200);
    }

    @Test
    void threeScrapersStalledInTheirHandshakeDoNotHoldUpAFourth() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), metrics.port());
                socket.getOutputStream().write(HANDSHAKE_RECORD); // the first byte of a ClientHello, then nothing
                socket.getOutputStream().flush();
                stalled.add(socket);
            }

            assertThat(scrape(client(trusting(suite), null)).statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aClientOfferingOnlyTls11GetsNoServerHelloWhileTls12IsAnswered() throws Exception {
        assertThat(firstRecordTypeAnswering("TLSv1.2")).as("the answer to a TLS 1.2 ClientHello")
                .isEqualTo(HANDSHAKE_RECORD);
        // the server refuses the protocol: an alert, or the connection closed, never a handshake record
        assertThat(firstRecordTypeAnswering("TLSv1.1")).as("the answer to a TLS 1.1 ClientHello")
                .isNotEqualTo(HANDSHAKE_RECORD);
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    /** The certificate the server presents to a new client (a new TLS context, so no session is resumed). */
    private X509Certificate servedCertificate() throws Exception {
        return (X509Certificate) scrape(client(trusting(suite), null)).sslSession().orElseThrow()
                .getPeerCertificates()[0];
    }

    private HttpResponse<String> scrape(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + metrics.port() + ServiceMetrics.PATH))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A client trusting what {@code trusted} trusts, presenting {@code identity} when not null, whichever CAs the
     * server names as acceptable (the JDK's own key manager would present nothing when the issuer is not named).
     */
    private static HttpClient client(TrustManagerFactory trusted, Issued identity) throws GeneralSecurityException {
        KeyManager[] keyManagers = null;
        if (identity != null) {
            AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
            keys.updateIdentityCredentials(new X509Certificate[]{identity.certificate()}, identity.key());
            keyManagers = new KeyManager[]{keys};
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trusted.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static TrustManagerFactory trusting(Authority authority) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", authority.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory;
    }

    /**
     * Sends a ClientHello offering only {@code protocol} (from BoringSSL, which still speaks TLS 1.1, unlike the
     * JDK's client) and answers the content type of the server's first record, or -1 when it closed without one.
     */
    private byte firstRecordTypeAnswering(String protocol) throws IOException, GeneralSecurityException {
        SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .protocols(protocol).ciphers(CIPHERS).trustManager(trusting(suite)).build();
        SSLEngine engine = context.newEngine(UnpooledByteBufAllocator.DEFAULT, "localhost", metrics.port());
        try (Socket socket = new Socket("localhost", metrics.port())) {
            engine.beginHandshake();
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            hello.flip();
            assertThat(hello.remaining()).as("a ClientHello").isPositive();
            assertThat(hello.get(0)).as("a ClientHello").isEqualTo(HANDSHAKE_RECORD);
            socket.getOutputStream().write(hello.array(), 0, hello.limit());
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);
            return (byte) socket.getInputStream().read();
        } finally {
            engine.closeOutbound();
        }
    }
}
