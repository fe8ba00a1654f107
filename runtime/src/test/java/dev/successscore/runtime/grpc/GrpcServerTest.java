package dev.successscore.runtime.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrpcServerTest {

    private final ProbeService probe = new ProbeService();
    private GrpcServer server;
    private ManagedChannel channel;

    private void start(GrpcServer.Builder builder) {
        server = builder.addService(probe.definition()).build().start();
        channel = server.newChannel();
    }

    private void startInProcess() {
        start(GrpcServer.inProcess("server-" + UUID.randomUUID()));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        probe.slowRelease.countDown();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private ServingStatus health(String service) {
        return HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }

    @Test
    void healthIsNotServingUntilMarkedServing() {
        startInProcess();

        assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(health(ProbeService.SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);

        server.markServing();

        assertThat(health("")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(ProbeService.SERVICE)).isEqualTo(ServingStatus.SERVING);

        server.markNotServing();

        assertThat(health(ProbeService.SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
    }

    @Test
    void livenessIsServingWhileTheServerListensWhateverItsReadiness() {
        startInProcess();
        assertThat(health(GrpcServer.LIVENESS)).isEqualTo(ServingStatus.SERVING);
        assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);

        server.markServing();
        server.markNotServing();
        assertThat(health(GrpcServer.LIVENESS)).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void healthOfUnknownServiceIsNotFound() {
        startInProcess();
        server.markServing();

        assertThatThrownBy(() -> health("no.such.Service"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void reflectionListsServices() throws Exception {
        startInProcess();
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName)
                                .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        assertThat(services.get(5, TimeUnit.SECONDS)).contains(
                ProbeService.SERVICE, "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
        assertThat(server.serviceNames()).containsExactly(ProbeService.SERVICE);
    }

    @Test
    void gracefulStopLetsAnInFlightCallFinish() throws Exception {
        startInProcess();
        server.markServing();
        ListenableFuture<StringValue> inFlight = ClientCalls.futureUnaryCall(
                channel.newCall(ProbeService.SLOW, CallOptions.DEFAULT), StringValue.of("x"));
        assertThat(probe.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));

        Thread.sleep(200);
        assertThat(stopped).isNotDone();
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                channel, ProbeService.SLOW, CallOptions.DEFAULT, StringValue.of("late")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

        probe.slowRelease.countDown();

        assertThat(inFlight.get(5, TimeUnit.SECONDS).getValue()).isEqualTo("done x");
        assertThat(stopped.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void stopCancelsCallsStillRunningAfterTheGracePeriod() throws Exception {
        startInProcess();
        ListenableFuture<StringValue> inFlight = ClientCalls.futureUnaryCall(
                channel.newCall(ProbeService.SLOW, CallOptions.DEFAULT), StringValue.of("x"));
        assertThat(probe.slowEntered.await(5, TimeUnit.SECONDS)).isTrue();

        long startedAt = System.nanoTime();
        server.stop(Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode())
                                .isIn(Status.Code.CANCELLED, Status.Code.UNAVAILABLE));
    }

    @Test
    void servesOverTcpOnAnEphemeralPort() {
        start(GrpcServer.forPort(0));
        server.markServing();

        assertThat(server.port()).isPositive();
        assertThat(health("")).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void inProcessServerHasNoPort() {
        startInProcess();

        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void rejectsAnInvalidPort() {
        assertThatThrownBy(() -> GrpcServer.forPort(70000)).isInstanceOf(IllegalArgumentException.class);
    }
}
