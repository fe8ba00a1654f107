package dev.successscore.runtime.tls;

import dev.successscore.runtime.tls.TestCertificates.Authority;
import dev.successscore.runtime.tls.TestCertificates.Issued;
import io.grpc.ChannelCredentials;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Certificates and CA bundles replaced on disk are served by the running server within the reload interval. */
class CertificateRotationTest {

    private static final Duration RELOAD = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final HealthServers servers = new HealthServers();
    private Authority suite;
    private Path ca;

    @BeforeEach
    void makeCertificates() {
        suite = TestCertificates.authority("Suite CA");
        ca = suite.writeTo(dir.resolve("ca.crt"));
        suite.client("score-service").writeTo(dir, "client");
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void newConnectionsGetTheServerCertificateReplacedOnDiskWithoutARestart() {
        Issued first = suite.server("usage-service").writeTo(dir, "server");
        TransportSecurity serverSecurity = security("server");
        Server server = servers.start(serverSecurity.serverCredentials());
        ChannelCredentials client = security("client").channelCredentials();
        assertThat(servers.check(server, client)).isEqualTo(ServingStatus.SERVING);
        assertThat(servers.lastServerCertificate).isEqualTo(first.certificate());

        Issued second = suite.server("usage-service").writeTo(dir, "server");
        assertThat(second.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(servers.check(server, client)).isEqualTo(ServingStatus.SERVING);
            assertThat(servers.lastServerCertificate.getSerialNumber())
                    .isEqualTo(second.certificate().getSerialNumber());
        });
        assertThat(serverSecurity.certificates().orElseThrow().certificate()).isEqualTo(second.certificate());
        assertThat(server.isShutdown()).isFalse();
    }

    @Test
    void clientsOfACaAddedToTheBundleOnDiskAreServedWithoutARestart() throws Exception {
        suite.server("usage-service").writeTo(dir, "server");
        Authority next = TestCertificates.authority("Next Suite CA");
        next.client("expertise-service").writeTo(dir, "next-client");
        Server server = servers.start(security("server").serverCredentials());
        ChannelCredentials nextClient = security("next-client").channelCredentials();
        assertThatThrownBy(() -> servers.check(server, nextClient)).isInstanceOf(StatusRuntimeException.class);

        Path nextCa = next.writeTo(dir.resolve("next-ca.crt"));
        TestCertificates.write(ca, Files.readString(ca) + Files.readString(nextCa));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(servers.check(server, nextClient)).isEqualTo(ServingStatus.SERVING));
        assertThat(servers.lastClientCertificate.getIssuerX500Principal().getName()).isEqualTo("CN=Next Suite CA");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsNotTakenAndTheNextValidPairIs() {
        Issued first = suite.server("usage-service").writeTo(dir, "server");
        RotatingCertificates certificates = servers.closeLater(RotatingCertificates.watch(
                TlsSettings.files(dir.resolve("server.crt"), dir.resolve("server.key"), ca)
                        .withReloadInterval(Duration.ofHours(1))));

        Issued other = suite.server("usage-service");
        other.writeTo(dir, "other");
        TestCertificates.write(dir.resolve("server.crt"), readString(dir.resolve("other.crt")));
        assertThat(certificates.reload()).isFalse();
        assertThat(certificates.certificate()).isEqualTo(first.certificate());

        TestCertificates.write(dir.resolve("server.key"), readString(dir.resolve("other.key")));
        assertThat(certificates.reload()).isTrue();
        assertThat(certificates.certificate()).isEqualTo(other.certificate());
    }

    private TransportSecurity security(String identity) {
        return servers.closeLater(TransportSecurity.start(
                TlsSettings.files(dir.resolve(identity + ".crt"), dir.resolve(identity + ".key"), ca)
                        .withReloadInterval(RELOAD)));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
