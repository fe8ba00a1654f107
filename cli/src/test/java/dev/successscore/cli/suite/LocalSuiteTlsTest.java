package dev.successscore.cli.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.successscore.cli.Css;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.tls.TestCertificates;
import dev.successscore.runtime.tls.TestCertificates.Authority;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite on one machine with TLS files: every service serves over TLS with a plaintext probe port, score-service
 * follows the other services' feeds over mutual TLS, and css reaches it with {@code --ca}, {@code --cert} and
 * {@code --key}. Without TLS files the suite is plaintext, explicitly.
 */
class LocalSuiteTlsTest {

    private static final List<String> SERVICES = List.of("score-service", "usage-service", "expertise-service",
            "health-service");

    @TempDir
    static Path dir;

    private static LocalSuite suite;
    private static TransportSecurity operator;
    private static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void startTheSuiteWithTls() {
        Authority authority = TestCertificates.authority("Suite CA");
        Path ca = authority.writeTo(dir.resolve("ca.crt"));
        // the services call each other at localhost, which the certificate names
        authority.server("successscore-local").writeTo(dir, "suite");
        authority.client("operator").writeTo(dir, "operator");
        operator = TransportSecurity.start(TlsSettings.files(dir.resolve("operator.crt"), dir.resolve("operator.key"),
                ca));
        suite = LocalSuite.start(dir.resolve("data"), SuitePorts.ANY, Settings.of(Map.of(
                TlsSettings.CERT, dir.resolve("suite.crt").toString(),
                TlsSettings.KEY, dir.resolve("suite.key").toString(),
                TlsSettings.CA, ca.toString())));
    }

    @AfterAll
    static void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        if (suite != null) {
            suite.close();
        }
        operator.close();
    }

    private static ManagedChannel channel(int port, ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
        channels.add(channel);
        return channel;
    }

    private static ServingStatus health(ManagedChannel channel, String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    private static int css(StringWriter err, String... args) {
        return Css.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void everyServiceServesOverTlsAndItsHealthInPlaintextOnItsProbePort() {
        assertThat(suite.isPlaintext()).isFalse();
        for (String service : SERVICES) {
            assertThat(suite.probePort(service)).as(service).isPresent();
            ManagedChannel probe = channel(suite.probePort(service).getAsInt(), InsecureChannelCredentials.create());
            assertThat(health(probe, "")).as(service).isEqualTo(ServingStatus.SERVING);

            assertThat(health(channel(suite.port(service), operator.channelCredentials()), "")).as(service)
                    .isEqualTo(ServingStatus.SERVING);
            StatusRuntimeException plaintext = catchThrowableOfType(StatusRuntimeException.class,
                    () -> health(channel(suite.port(service), InsecureChannelCredentials.create()), ""));
            assertThat(plaintext).as(service + " in plaintext").isNotNull();
            assertThat(plaintext.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void scoreServiceFollowsEveryUpstreamFeedOverMutualTls() {
        ManagedChannel score = channel(suite.port("score-service"), operator.channelCredentials());

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            for (String upstream : List.of("usage-service", "expertise-service", "health-service")) {
                assertThat(health(score, "upstream/" + upstream)).as(upstream).isEqualTo(ServingStatus.SERVING);
            }
        });
    }

    @Test
    void cssCallsTheSuiteWithItsCaAndCertificateAndIsRefusedInPlaintext() {
        String[] target = {"--target", suite.target("score-service"), "--usage-target", suite.target("usage-service"),
                "--expertise-target", suite.target("expertise-service"), "--health-target",
                suite.target("health-service")};
        List<String> overTls = new ArrayList<>(List.of("list"));
        overTls.addAll(List.of(target));
        overTls.addAll(List.of("--ca", dir.resolve("ca.crt").toString(), "--cert",
                dir.resolve("operator.crt").toString(), "--key", dir.resolve("operator.key").toString()));
        StringWriter tlsErr = new StringWriter();
        assertThat(css(tlsErr, overTls.toArray(String[]::new))).as(tlsErr.toString()).isZero();

        List<String> inPlaintext = new ArrayList<>(List.of("list"));
        inPlaintext.addAll(List.of(target));
        StringWriter plaintextErr = new StringWriter();
        assertThat(css(plaintextErr, inPlaintext.toArray(String[]::new))).isEqualTo(Css.EXIT_CALL_FAILED);
        assertThat(plaintextErr.toString()).contains("UNAVAILABLE");
    }

    @Test
    void withoutTlsFilesTheSuiteRunsInPlaintextExplicitly() {
        assertThat(LocalSuite.withTransportSecurity(Settings.of(Map.of())).bool(TlsSettings.INSECURE, false))
                .isTrue();
        Settings withFiles = LocalSuite.withTransportSecurity(Settings.of(Map.of(TlsSettings.CERT, "/tls/tls.crt")));
        assertThat(withFiles.optional(TlsSettings.INSECURE)).isEmpty();
    }
}
