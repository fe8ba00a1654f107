package dev.successscore.runtime.grpc;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.tls.TestCertificates;
import dev.successscore.runtime.tls.TestCertificates.Authority;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A TLS server with a probe port: the main port speaks TLS only; the probe port answers the health service in
 * plaintext, as the main port's health reports it, and serves nothing else.
 */
class TlsProbePortTest {

    @TempDir
    Path dir;

    private final ProbeService probe = new ProbeService();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private TransportSecurity serverSecurity;
    private TransportSecurity clientSecurity;
    private GrpcServer server;

    @BeforeEach
    void startTlsServerWithProbePort() {
        Authority suite = TestCertificates.authority("Suite CA");
        Path ca = suite.writeTo(dir.resolve("ca.crt"));
        suite.server("usage-service").writeTo(dir, "server");
        suite.client("score-service").writeTo(dir, "client");
        serverSecurity = TransportSecurity.start(TlsSettings.files(dir.resolve("server.crt"),
                dir.resolve("server.key"), ca));
        clientSecurity = TransportSecurity.start(TlsSettings.files(dir.resolve("client.crt"),
                dir.resolve("client.key"), ca));
        server = GrpcServer.forPort(0)
                .credentials(serverSecurity.serverCredentials())
                .probePort(0)
                .addService(probe.definition())
                .build()
                .start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.stop(Duration.ofSeconds(1));
        serverSecurity.close();
        clientSecurity.close();
    }

    private ManagedChannel probeChannel() {
        return keep(Grpc.newChannelBuilderForAddress("localhost", server.probePort().orElseThrow(),
                InsecureChannelCredentials.create()).build());
    }

    private ManagedChannel keep(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    private static ServingStatus health(ManagedChannel channel, String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }

    private static Status.Code failureOf(Runnable call) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(failure).as("the call must fail").isNotNull();
        return failure.getStatus().getCode();
    }

    @Test
    void theProbePortAnswersHealthInPlaintextAsTheServerReportsIt() {
        assertThat(server.isPlaintext()).isFalse();
        assertThat(server.probePort()).isPresent();
        assertThat(server.probePort().getAsInt()).isPositive().isNotEqualTo(server.port());
        ManagedChannel probePort = probeChannel();

        assertThat(health(probePort, GrpcServer.LIVENESS)).isEqualTo(ServingStatus.SERVING);
        assertThat(health(probePort, "")).isEqualTo(ServingStatus.NOT_SERVING);

        server.markServing();

        assertThat(health(probePort, "")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(probePort, ProbeService.SERVICE)).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void theProbePortBoundsHealthWatchesPerClientAsTheMainPortDoes() throws Exception {
        int max = LimitSettings.defaults().maxStreamsPerCaller();
        ManagedChannel probePort = probeChannel();
        List<CompletableFuture<Status.Code>> ends = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            CompletableFuture<Status.Code> end = new CompletableFuture<>();
            ClientCalls.asyncServerStreamingCall(probePort.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT),
                    HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
                        @Override
                        public void onNext(io.grpc.health.v1.HealthCheckResponse value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            end.complete(Status.fromThrowable(t).getCode());
                        }

                        @Override
                        public void onCompleted() {
                            end.complete(Status.Code.OK);
                        }
                    });
            ends.add(end);
        }

        // the streams start concurrently on the server: whichever comes last is the one refused
        assertThat(CompletableFuture.anyOf(ends.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS))
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ends).filteredOn(CompletableFuture::isDone).hasSize(1);
    }

    @Test
    void theProbePortServesNoApplicationServiceAndNoReflection() throws Exception {
        ManagedChannel probePort = probeChannel();

        assertThat(failureOf(() -> ClientCalls.blockingUnaryCall(probePort, ProbeService.FAIL,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), StringValue.of("invalid"))))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(reflectionFailure(probePort)).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void theMainPortServesMutualTlsAndRefusesPlaintext() {
        server.markServing();
        ManagedChannel tls = keep(server.newChannel(clientSecurity.channelCredentials()));
        ManagedChannel plaintext = keep(server.newChannel());

        assertThat(health(tls, "")).isEqualTo(ServingStatus.SERVING);
        // the application service is there, over TLS: the call reaches it and fails as it was asked to
        assertThat(failureOf(() -> ClientCalls.blockingUnaryCall(tls, ProbeService.FAIL,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), StringValue.of("invalid"))))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failureOf(() -> health(plaintext, ""))).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void theProbePortStopsWithTheServer() {
        ManagedChannel probePort = probeChannel();
        assertThat(health(probePort, GrpcServer.LIVENESS)).isEqualTo(ServingStatus.SERVING);

        assertThat(server.stop(Duration.ofSeconds(1))).isTrue();

        assertThat(failureOf(() -> health(keep(Grpc.newChannelBuilderForAddress("localhost",
                server.probePort().orElseThrow(), InsecureChannelCredentials.create()).build()), GrpcServer.LIVENESS)))
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aServerWithoutAProbePortHasNone() {
        GrpcServer plaintext = GrpcServer.forPort(0).build().start();
        try {
            assertThat(plaintext.isPlaintext()).isTrue();
            assertThat(plaintext.probePort()).isEmpty();
        } finally {
            plaintext.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void anInProcessServerTakesNeitherCredentialsNorAProbePort() {
        assertThatThrownBy(() -> GrpcServer.inProcess("no-tls").credentials(serverSecurity.serverCredentials()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> GrpcServer.inProcess("no-probe").probePort(0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> GrpcServer.forPort(0).probePort(70000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Status.Code reflectionFailure(ManagedChannel channel) throws Exception {
        CompletableFuture<Status.Code> outcome = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        outcome.complete(Status.Code.OK);
                    }

                    @Override
                    public void onError(Throwable t) {
                        outcome.complete(Status.fromThrowable(t).getCode());
                    }

                    @Override
                    public void onCompleted() {
                        outcome.complete(Status.Code.OK);
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return outcome.get(10, TimeUnit.SECONDS);
    }
}
