package dev.successscore.runtime.tls;

import dev.successscore.runtime.tls.TestCertificates.Authority;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The server speaks TLS 1.2 and 1.3 only. */
class ProtocolVersionTest {

    /** One suite usable with TLS 1.2 (HTTP/2's) and one usable with TLS 1.0 and 1.1, so the client can offer either. */
    private static final List<String> CIPHERS = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");

    @TempDir
    Path dir;

    private final HealthServers servers = new HealthServers();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void aClientOfferingOnlyTls11IsRefusedByTheServerWhileTls12IsServed() throws Exception {
        Authority suite = TestCertificates.authority("Suite CA");
        Path ca = suite.writeTo(dir.resolve("ca.crt"));
        suite.server("usage-service").writeTo(dir, "server");
        TransportSecurity security = servers.closeLater(TransportSecurity.start(
                TlsSettings.files(dir.resolve("server.crt"), dir.resolve("server.key"), ca)
                        .withClientAuth(ClientAuth.OPTIONAL)));
        Server server = servers.start(security.serverCredentials());

        assertThat(check(server, clientOffering("TLSv1.2", security))).isEqualTo(ServingStatus.SERVING);

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> check(server, clientOffering("TLSv1.1", security)));
        assertThat(refused).as("a TLS 1.1 client must not be served").isNotNull();
        // the server's alert, not a client that could not even offer TLS 1.1
        assertThat(refused.getCause()).isNotNull();
        assertThat(causeMessages(refused)).containsIgnoringCase("ALERT_PROTOCOL_VERSION");
    }

    private static SslContext clientOffering(String protocol, TransportSecurity security) throws SSLException {
        return GrpcSslContexts.forClient()
                .trustManager(security.certificates().orElseThrow().trustManager())
                .protocols(protocol)
                .ciphers(CIPHERS)
                .build();
    }

    private static ServingStatus check(Server server, SslContext context) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.getPort())
                .sslContext(context)
                .build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    private static String causeMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        return messages.toString();
    }
}
