package dev.successscore.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.WatchScoreChangesRequest;

/**
 * Health and reflection are open to every caller without a token: their streams (health's Watch, reflection's) are
 * bounded per client address, apart from the service's own streams.
 */
class OpenServiceStreamsTest {

    private static final int MAX = 3;
    private static final LimitSettings DEFAULTS = LimitSettings.defaults();

    private final List<ClientCall<?, ?>> calls = new ArrayList<>();
    private GrpcServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        calls.forEach(call -> call.cancel("test over", null));
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void aClientHoldsAtMostSoManyHealthWatchesAndGetsOneAgainWhenItEndsOne() throws Exception {
        start(new LimitSettings(DEFAULTS.maxMessageBytes(), DEFAULTS.maxDeadline(), DEFAULTS.ratePerSecond(),
                DEFAULTS.rateRefreshPeriod(), DEFAULTS.maxRateLimitedKeys(), MAX));
        List<ClientCall<HealthCheckRequest, HealthCheckResponse>> open = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            Opened<HealthCheckRequest, HealthCheckResponse> watch = healthWatch();
            assertThat(watch.first().get(5, TimeUnit.SECONDS).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            open.add(watch.call());
        }

        assertThat(healthWatch().closed().get(5, TimeUnit.SECONDS).getCode())
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(reflection().closed().get(5, TimeUnit.SECONDS).getCode())
                .as("reflection streams count with health's").isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .as("a probe's Check still answers").isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(serviceStream().first().get(5, TimeUnit.SECONDS).getValue())
                .as("the service's own streams are counted apart").isEqualTo("open");

        open.get(0).cancel("done watching", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> healthWatch().first()
                .handle((first, failure) -> first != null).get(5, TimeUnit.SECONDS));
    }

    @Test
    void withoutLimitsHealthWatchesAreNotCounted() throws Exception {
        server = GrpcServer.inProcess("open-" + UUID.randomUUID()).addService(new LimitsProbe().definition())
                .build().start();
        server.markServing();
        channel = server.newChannel();

        for (int i = 0; i < MAX + 2; i++) {
            assertThat(healthWatch().first().get(5, TimeUnit.SECONDS).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    private void start(LimitSettings limits) {
        server = GrpcServer.inProcess("open-" + UUID.randomUUID()).limits(limits)
                .addService(new LimitsProbe().definition()).build().start();
        server.markServing();
        channel = server.newChannel();
    }

    private Opened<HealthCheckRequest, HealthCheckResponse> healthWatch() {
        Opened<HealthCheckRequest, HealthCheckResponse> opened = open(HealthGrpc.getWatchMethod());
        ClientCalls.asyncServerStreamingCall(opened.call(), HealthCheckRequest.getDefaultInstance(), opened.observer());
        return opened;
    }

    private Opened<ServerReflectionRequest, ServerReflectionResponse> reflection() {
        Opened<ServerReflectionRequest, ServerReflectionResponse> opened =
                open(ServerReflectionGrpc.getServerReflectionInfoMethod());
        ClientCalls.asyncBidiStreamingCall(opened.call(), opened.observer())
                .onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        return opened;
    }

    private Opened<WatchScoreChangesRequest, StringValue> serviceStream() {
        Opened<WatchScoreChangesRequest, StringValue> opened = open(LimitsProbe.WATCH);
        ClientCalls.asyncServerStreamingCall(opened.call(), LimitsProbe.request("t1"), opened.observer());
        return opened;
    }

    private <Q, R> Opened<Q, R> open(MethodDescriptor<Q, R> method) {
        ClientCall<Q, R> call = channel.newCall(method, CallOptions.DEFAULT);
        calls.add(call);
        return new Opened<>(call, new CompletableFuture<>(), new CompletableFuture<>());
    }

    /** An open streaming call: its first response, and its status once closed. */
    private record Opened<Q, R>(ClientCall<Q, R> call, CompletableFuture<R> first, CompletableFuture<Status> closed) {

        StreamObserver<R> observer() {
            return new StreamObserver<>() {
                @Override
                public void onNext(R value) {
                    first.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    first.completeExceptionally(t);
                    closed.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    closed.complete(Status.OK);
                }
            };
        }
    }
}
