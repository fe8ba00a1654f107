package dev.successscore.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.successscore.cli.Css;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.tls.ClientAuth;
import dev.successscore.runtime.tls.TestCertificates;
import dev.successscore.runtime.tls.TestCertificates.Authority;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ca}, {@code --cert} and {@code --key} (env CSS_TLS_*): css calls a TLS suite over TLS, presenting its
 * certificate where the suite requires one, and refuses options that do not go together or files that are not PEM.
 */
class SuiteTargetTlsTest {

    @TempDir
    Path dir;

    private Path ca;
    private TransportSecurity serverSecurity;
    private GrpcServer server;

    @BeforeEach
    void startATlsServer() {
        Authority suite = TestCertificates.authority("Suite CA");
        ca = suite.writeTo(dir.resolve("ca.crt"));
        suite.server("score-service").writeTo(dir, "server");
        suite.client("operator").writeTo(dir, "operator");
        serverSecurity = TransportSecurity.start(TlsSettings.files(dir.resolve("server.crt"),
                dir.resolve("server.key"), ca));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
        serverSecurity.close();
    }

    private String serve(ClientAuth clientAuth) {
        server = GrpcServer.forPort(0).credentials(serverSecurity.serverCredentials(clientAuth)).build().start();
        server.markServing();
        return "localhost:" + server.port();
    }

    private static ServingStatus health(SuiteTarget target, String address) throws InterruptedException {
        ManagedChannel channel = target.channel(address);
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Status.Code refusal(SuiteTarget target, String address) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> health(target, address));
        assertThat(refused).as("the call must be refused").isNotNull();
        return refused.getStatus().getCode();
    }

    private SuiteTarget target(String address) {
        return SuiteTarget.of(address, Duration.ofSeconds(10));
    }

    @Test
    void withTheCaAndACertificateCssCallsOverMutualTls() throws InterruptedException {
        String address = serve(ClientAuth.REQUIRE);

        assertThat(health(target(address).withTls(ca, dir.resolve("operator.crt"), dir.resolve("operator.key")),
                address)).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void theOptionsSetIt() throws InterruptedException {
        String address = serve(ClientAuth.REQUIRE);
        SuiteTarget target = new SuiteTarget();
        new picocli.CommandLine(target).parseArgs("--target", address, "--ca", ca.toString(), "--cert",
                dir.resolve("operator.crt").toString(), "--key", dir.resolve("operator.key").toString());

        assertThat(health(target, address)).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void withTheCaAloneCssIsServedWhereClientCertificatesAreOptionalAndRefusedWhereRequired()
            throws InterruptedException {
        String optional = serve(ClientAuth.OPTIONAL);
        assertThat(health(target(optional).withTls(ca, null, null), optional)).isEqualTo(ServingStatus.SERVING);
        server.stop(Duration.ofSeconds(1));

        String required = serve(ClientAuth.REQUIRE);
        assertThat(refusal(target(required).withTls(ca, null, null), required)).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void withoutTheCaCssSpeaksPlaintextWhichATlsServerRefuses() {
        String address = serve(ClientAuth.REQUIRE);

        assertThat(refusal(target(address), address)).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aServerCertificateOfAnotherCaIsRefused() {
        String address = serve(ClientAuth.REQUIRE);
        Path foreignCa = TestCertificates.authority("Foreign CA").writeTo(dir.resolve("foreign-ca.crt"));

        assertThat(refusal(target(address).withTls(foreignCa, dir.resolve("operator.crt"),
                dir.resolve("operator.key")), address)).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefusedByName() {
        assertThatThrownBy(() -> target("localhost:1").withTls(ca, dir.resolve("operator.crt"), null)
                .channel("localhost:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cert and --key");
        assertThatThrownBy(() -> target("localhost:1").withTls(null, dir.resolve("operator.crt"),
                dir.resolve("operator.key")).channel("localhost:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need --ca");
    }

    @Test
    void filesThatAreNotWhatTheyShouldBeAreRefusedByName() throws Exception {
        Path traditionalKey = Files.writeString(dir.resolve("rsa.key"),
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertThatThrownBy(() -> target("localhost:1").withTls(dir.resolve("missing.crt"), null, null)
                .channel("localhost:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ca")
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> target("localhost:1").withTls(notPem, null, null).channel("localhost:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ca")
                .hasMessageContaining("PEM certificate");
        assertThatThrownBy(() -> target("localhost:1").withTls(ca, dir.resolve("operator.crt"), traditionalKey)
                .channel("localhost:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--key")
                .hasMessageContaining("PKCS#8");
    }

    @Test
    void theCommandLineSaysWhatIsWrongAndExitsRefused() {
        StringWriter err = new StringWriter();
        int exit = Css.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true))
                .execute("list", "--target", "localhost:1", "--ca", ca.toString(), "--cert",
                        dir.resolve("operator.crt").toString());

        assertThat(exit).isEqualTo(Css.EXIT_REFUSED);
        assertThat(err.toString()).contains("--cert and --key");
    }
}
