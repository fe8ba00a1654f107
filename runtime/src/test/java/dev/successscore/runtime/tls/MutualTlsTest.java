package dev.successscore.runtime.tls;

import dev.successscore.runtime.tls.TestCertificates.Authority;
import io.grpc.ChannelCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Real TCP servers and channels with the suite's credentials: who is served and who is refused. */
class MutualTlsTest {

    @TempDir
    Path dir;

    private final HealthServers servers = new HealthServers();
    private Authority suite;
    private Authority foreign;
    private Path suiteCa;

    @BeforeEach
    void makeCertificates() {
        suite = TestCertificates.authority("Suite CA");
        foreign = TestCertificates.authority("Foreign CA");
        suiteCa = suite.writeTo(dir.resolve("ca.crt"));
        suite.server("usage-service").writeTo(dir, "server");
        suite.client("score-service").writeTo(dir, "client");
        foreign.server("impostor-service").writeTo(dir, "foreign-server");
        foreign.client("intruder").writeTo(dir, "foreign-client");
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void clientWithACertificateOfTheSuitesCaIsServedOverMutualTls() {
        Server server = servers.start(security("server", ClientAuth.REQUIRE).serverCredentials());

        assertThat(servers.check(server, security("client", ClientAuth.REQUIRE).channelCredentials()))
                .isEqualTo(ServingStatus.SERVING);
        assertThat(servers.lastClientCertificate).isNotNull();
        assertThat(servers.lastClientCertificate.getSubjectX500Principal().getName()).isEqualTo("CN=score-service");
        assertThat(servers.lastServerCertificate.getSubjectX500Principal().getName()).isEqualTo("CN=usage-service");
    }

    @Test
    void clientWithoutACertificateIsRefusedWhenClientAuthIsRequired() {
        Server server = servers.start(security("server", ClientAuth.REQUIRE).serverCredentials());

        ChannelCredentials withoutCertificate = trustingOnly(security("client", ClientAuth.REQUIRE));

        assertRefusedInTheHandshake(() -> servers.check(server, withoutCertificate));
    }

    @Test
    void clientWithoutACertificateIsServedWhenClientAuthIsOptional() {
        Server server = servers.start(security("server", ClientAuth.OPTIONAL).serverCredentials());

        assertThat(servers.check(server, trustingOnly(security("client", ClientAuth.REQUIRE))))
                .isEqualTo(ServingStatus.SERVING);
        assertThat(servers.lastClientCertificate).isNull();
    }

    @Test
    void clientCertificateSignedByAForeignCaIsRefused() {
        Server server = servers.start(security("server", ClientAuth.REQUIRE).serverCredentials());

        // the client trusts the suite's CA, so only the server's check of the client's certificate can refuse it
        assertRefusedInTheHandshake(() -> servers.check(server, security("foreign-client", ClientAuth.REQUIRE)
                .channelCredentials()));
    }

    @Test
    void clientCertificateSignedByAForeignCaIsRefusedEvenWhereClientAuthIsOptional() {
        Server server = servers.start(security("server", ClientAuth.OPTIONAL).serverCredentials());

        assertRefusedInTheHandshake(() -> servers.check(server, security("foreign-client", ClientAuth.REQUIRE)
                .channelCredentials()));
    }

    @Test
    void serverCertificateSignedByAForeignCaIsRefusedByTheClient() {
        // the server trusts the suite's CA and so would accept the client: only the client's check can refuse
        Server server = servers.start(security("foreign-server", ClientAuth.REQUIRE).serverCredentials());

        ChannelCredentials client = security("client", ClientAuth.REQUIRE).channelCredentials();

        assertRefusedInTheHandshake(() -> servers.check(server, client));
    }

    @Test
    void serverCertificateThatDoesNotNameTheHostCalledIsRefusedByTheClient() {
        Server server = servers.start(security("server", ClientAuth.REQUIRE).serverCredentials());
        ChannelCredentials client = security("client", ClientAuth.REQUIRE).channelCredentials();

        assertThat(servers.check("localhost", server, client)).isEqualTo(ServingStatus.SERVING);
        // the certificate names localhost only
        assertRefusedInTheHandshake(() -> servers.check("127.0.0.1", server, client));
    }

    @Test
    void plaintextOnTheTlsPortIsNeverServed() {
        Server server = servers.start(security("server", ClientAuth.OPTIONAL).serverCredentials());

        assertRefused(() -> servers.checkInPlaintext(server));
    }

    private TransportSecurity security(String identity, ClientAuth clientAuth) {
        TlsSettings settings = TlsSettings.files(dir.resolve(identity + ".crt"), dir.resolve(identity + ".key"),
                suiteCa).withClientAuth(clientAuth);
        return servers.closeLater(TransportSecurity.start(settings));
    }

    /** Channel credentials that check the server but present no client certificate. */
    private static ChannelCredentials trustingOnly(TransportSecurity security) {
        return TlsChannelCredentials.newBuilder()
                .trustManager(security.certificates().orElseThrow().trustManager())
                .build();
    }

    /** The call fails with UNAVAILABLE because the TLS handshake failed. */
    private static void assertRefusedInTheHandshake(Executable call) {
        StatusRuntimeException refused = assertRefused(call);
        assertThat(causes(refused)).as(refused.getStatus().toString()).anyMatch(SSLException.class::isInstance);
    }

    private static StatusRuntimeException assertRefused(Executable call) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, call::execute);
        assertThat(refused).as("the call must fail, not be answered").isNotNull();
        assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString())
                .isEqualTo(Status.Code.UNAVAILABLE);
        return refused;
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
