package dev.successscore.runtime.limits;

import com.google.protobuf.StringValue;
import com.google.rpc.RetryInfo;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.metrics.GrpcMetrics;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.WatchScoreChangesRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ResourceLimitsTest {

    private static final LimitSettings DEFAULTS = LimitSettings.defaults();

    private final LimitsProbe probe = new LimitsProbe();
    private final List<ClientCall<?, ?>> openCalls = new ArrayList<>();
    private GrpcServer server;
    private ManagedChannel channel;

    private void start(GrpcServer.Builder builder, ServerInterceptor... interceptors) {
        server = builder.addService(probe.definition())
                .intercept(LimitsProbe.fakeAuthentication())
                .intercept(interceptors)
                .build()
                .start();
        channel = server.newChannel();
    }

    private void startInProcess(LimitSettings limits, ServerInterceptor... interceptors) {
        start(GrpcServer.inProcess("limits-" + UUID.randomUUID()).limits(limits), interceptors);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        openCalls.forEach(call -> call.cancel("test over", null));
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    // --- message size ---

    @Test
    void aMessageLargerThanTheLimitIsRefusedByGrpc() {
        start(GrpcServer.forPort(0).limits(withMessageBytes(64 * 1024)));

        assertThat(ClientCalls.blockingUnaryCall(channel, LimitsProbe.ECHO, CallOptions.DEFAULT,
                LimitsProbe.request("t1", 60 * 1024)).getValue()).isEqualTo("t1");
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, LimitsProbe.ECHO, CallOptions.DEFAULT,
                LimitsProbe.request("t1", 100 * 1024)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    // --- deadlines ---

    @Test
    void aClientStreamingCallWithoutDeadlineIsRefusedAndWithOneAccepted() throws Exception {
        startInProcess(DEFAULTS);

        CompletableFuture<String> withoutDeadline = upload(channel, CallOptions.DEFAULT, "t1", "t1");
        assertThatThrownBy(() -> withoutDeadline.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .satisfies(e -> {
                    assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(((StatusRuntimeException) e).getStatus().getDescription()).contains("deadline");
                    assertThat(GrpcErrors.reason((StatusRuntimeException) e)).contains(Refusals.DEADLINE_REQUIRED);
                });

        CompletableFuture<String> withDeadline = upload(channel,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "t1", "t1", "t1");
        assertThat(withDeadline.get(5, TimeUnit.SECONDS)).isEqualTo("3");
    }

    @Test
    void aUnaryCallWithALongDeadlineIsCutAtTheCapAndItsHandlerCancelled() throws Exception {
        startInProcess(withDeadlineCap(Duration.ofMillis(300)));

        long startedAt = System.nanoTime();
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, LimitsProbe.WAIT,
                CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.HOURS), LimitsProbe.request("t1")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(probe.waitEntered.getCount()).isZero();
        assertThat(probe.waitCancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.waitCancellationCause.get()).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void aUnaryCallWithoutDeadlineIsCutAtTheCap() {
        startInProcess(withDeadlineCap(Duration.ofMillis(300)));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, LimitsProbe.WAIT, CallOptions.DEFAULT,
                LimitsProbe.request("t1")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }

    @Test
    void serverStreamingCallsOutliveTheCap() throws Exception {
        startInProcess(withDeadlineCap(Duration.ofMillis(200)));

        Watch watch = watch(channel);
        assertThat(watch.first.get(5, TimeUnit.SECONDS)).isEqualTo("open");
        Thread.sleep(600);

        assertThat(watch.closed).isNotDone();
        assertThat(DeadlineCap.policyOf(LimitsProbe.WATCH.getType())).isEqualTo(DeadlineCap.Policy.EXEMPT);
        assertThat(DeadlineCap.policyOf(LimitsProbe.UPLOAD.getType()))
                .isEqualTo(DeadlineCap.Policy.DEADLINE_REQUIRED);
        assertThat(DeadlineCap.policyOf(LimitsProbe.ECHO.getType())).isEqualTo(DeadlineCap.Policy.CAPPED);
    }

    // --- rate limits ---

    @Test
    void aTenantOverItsQuotaIsRefusedWithRetryInfoWhileAnotherTenantIsServed() throws Exception {
        Duration period = Duration.ofSeconds(1);
        startInProcess(withRate(10, period));

        CompletableFuture<List<Status.Code>> tenantB = CompletableFuture.supplyAsync(() -> {
            List<Status.Code> codes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                try {
                    echo(channel, "tenant-b", CallOptions.DEFAULT);
                    codes.add(Status.Code.OK);
                } catch (StatusRuntimeException e) {
                    codes.add(e.getStatus().getCode());
                }
                sleep(15);
            }
            return codes;
        });
        int served = 0;
        List<StatusRuntimeException> refused = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                echo(channel, "tenant-a", CallOptions.DEFAULT);
                served++;
            } catch (StatusRuntimeException e) {
                refused.add(e);
            }
        }

        assertThat(tenantB.get(10, TimeUnit.SECONDS)).hasSize(5).containsOnly(Status.Code.OK);
        assertThat(served).isBetween(10, 30);
        assertThat(refused).hasSize(100 - served).allSatisfy(e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            RetryInfo retry = GrpcErrors.detail(e, RetryInfo.class).orElseThrow();
            Duration delay = Duration.ofSeconds(retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos());
            assertThat(delay).isPositive().isLessThanOrEqualTo(period);
            assertThat(GrpcErrors.reason(e)).contains(Refusals.RATE_LIMITED);
        });
    }

    @Test
    void eachMessageOfAClientStreamCountsAgainstItsTenant() {
        startInProcess(withRate(5, Duration.ofSeconds(1)));

        String[] tenants = new String[20];
        java.util.Arrays.fill(tenants, "tenant-c");
        CompletableFuture<String> upload = upload(channel,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), tenants);

        assertThatThrownBy(() -> upload.get(5, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void callsWithoutTenantAreLimitedPerCaller() {
        startInProcess(withRate(3, Duration.ofSeconds(1)));
        Channel alice = as(channel, "alice");

        for (int i = 0; i < 3; i++) {
            echo(alice, "", CallOptions.DEFAULT);
        }
        assertThatThrownBy(() -> echo(alice, "", CallOptions.DEFAULT))
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getDescription())
                        .contains("caller:alice"));
        assertThat(echo(as(channel, "bob"), "", CallOptions.DEFAULT)).isEmpty();
    }

    @Test
    void theLimiterRegistryStaysBoundedUnderManyTenants() {
        TenantRateLimits limits = new TenantRateLimits(new LimitSettings(DEFAULTS.maxMessageBytes(),
                DEFAULTS.maxDeadline(), 1, Duration.ofSeconds(10), 50, DEFAULTS.maxStreamsPerCaller()));
        start(GrpcServer.inProcess("limits-" + UUID.randomUUID()).withoutLimits(), limits);

        for (int i = 0; i < 500; i++) {
            echo(channel, "tenant-" + i, CallOptions.DEFAULT);
        }
        assertThat(limits.limiters().size()).isEqualTo(50);

        RateLimiters direct = new RateLimiters(1, Duration.ofSeconds(1), 1000);
        for (int i = 0; i < 100_000; i++) {
            direct.of("tenant-" + i);
        }
        assertThat(direct.size()).isEqualTo(1000);
    }

    // --- streams per caller ---

    @Test
    void theStreamBeyondTheCallersLimitIsRefusedUntilOneEnds() throws Exception {
        startInProcess(withStreams(3));
        Channel alice = as(channel, "alice");
        List<Watch> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Watch watch = watch(alice);
            assertThat(watch.first.get(5, TimeUnit.SECONDS)).isEqualTo("open");
            open.add(watch);
        }

        Watch beyond = watch(alice);
        assertThat(beyond.closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(watch(as(channel, "bob")).first.get(5, TimeUnit.SECONDS)).isEqualTo("open");

        open.get(0).call.cancel("done watching", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Watch again = watch(alice);
            return again.first.handle((first, failure) -> first != null).get(5, TimeUnit.SECONDS);
        });
    }

    @Test
    void aStreamSlotIsFreedWhenTheCallCompletesOrFails() throws Exception {
        startInProcess(withStreams(1));
        Channel alice = as(channel, "alice");
        CallOptions deadline = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);

        for (int i = 0; i < 3; i++) {
            assertThat(upload(alice, deadline, "t1").get(5, TimeUnit.SECONDS)).isEqualTo("1");
        }
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> upload(alice, deadline, "fail").get(5, TimeUnit.SECONDS))
                    .cause().satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        Watch watch = watch(alice);
        assertThat(watch.first.get(5, TimeUnit.SECONDS)).isEqualTo("open");
        assertThat(watch(alice).closed.get(5, TimeUnit.SECONDS).getCode())
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    // --- wiring ---

    @Test
    void aTcpServerEnforcesLimitsByDefault() throws Exception {
        start(GrpcServer.forPort(0));

        assertThatThrownBy(() -> upload(channel, CallOptions.DEFAULT, "t1").get(5, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void anInProcessServerEnforcesNoLimitsUnlessAsked() throws Exception {
        start(GrpcServer.inProcess("limits-" + UUID.randomUUID()));

        assertThat(upload(channel, CallOptions.DEFAULT, "t1").get(5, TimeUnit.SECONDS)).isEqualTo("1");
    }

    @Test
    void refusedCallsAreRecordedInTheMetricsWithTheirStatus() {
        MeterRegistry registry = new SimpleMeterRegistry();
        startInProcess(withRate(1, Duration.ofSeconds(1)), GrpcMetrics.serverInterceptor(registry));

        echo(channel, "tenant-m", CallOptions.DEFAULT);
        assertThatThrownBy(() -> echo(channel, "tenant-m", CallOptions.DEFAULT))
                .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
                .find("grpc.server.processing.duration").tag("statusCode", "RESOURCE_EXHAUSTED").timer())
                .isNotNull()
                .satisfies(timer -> assertThat(timer.count()).isEqualTo(1)));
    }

    // --- helpers ---

    private static LimitSettings withMessageBytes(int bytes) {
        return new LimitSettings(bytes, DEFAULTS.maxDeadline(), DEFAULTS.ratePerSecond(), DEFAULTS.rateRefreshPeriod(),
                DEFAULTS.maxRateLimitedKeys(), DEFAULTS.maxStreamsPerCaller());
    }

    private static LimitSettings withDeadlineCap(Duration cap) {
        return new LimitSettings(DEFAULTS.maxMessageBytes(), cap, DEFAULTS.ratePerSecond(),
                DEFAULTS.rateRefreshPeriod(), DEFAULTS.maxRateLimitedKeys(), DEFAULTS.maxStreamsPerCaller());
    }

    private static LimitSettings withRate(int perPeriod, Duration period) {
        int perSecond = (int) Math.round(perPeriod / (period.toMillis() / 1000.0));
        LimitSettings settings = new LimitSettings(DEFAULTS.maxMessageBytes(), DEFAULTS.maxDeadline(),
                Math.max(1, perSecond), period, DEFAULTS.maxRateLimitedKeys(), DEFAULTS.maxStreamsPerCaller());
        if (settings.limitForPeriod() != perPeriod) {
            // rates below one per second: express them through a longer period
            throw new IllegalArgumentException("cannot express " + perPeriod + " per " + period);
        }
        return settings;
    }

    private static LimitSettings withStreams(int max) {
        return new LimitSettings(DEFAULTS.maxMessageBytes(), DEFAULTS.maxDeadline(), DEFAULTS.ratePerSecond(),
                DEFAULTS.rateRefreshPeriod(), DEFAULTS.maxRateLimitedKeys(), max);
    }

    private static Channel as(Channel channel, String subject) {
        Metadata headers = new Metadata();
        headers.put(LimitsProbe.SUBJECT, subject);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static String echo(Channel channel, String tenantId, CallOptions options) {
        return ClientCalls.blockingUnaryCall(channel, LimitsProbe.ECHO, options, LimitsProbe.request(tenantId))
                .getValue();
    }

    private static CompletableFuture<String> upload(Channel channel, CallOptions options, String... tenantIds) {
        // the call has ended when it completes, not when its response arrives (the status follows the response)
        CompletableFuture<String> result = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<String> response = new java.util.concurrent.atomic
                .AtomicReference<>("no response");
        StreamObserver<WatchScoreChangesRequest> requests = ClientCalls.asyncClientStreamingCall(
                channel.newCall(LimitsProbe.UPLOAD, options), new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                        response.set(value.getValue());
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(response.get());
                    }
                });
        for (String tenantId : tenantIds) {
            requests.onNext(LimitsProbe.request(tenantId));
        }
        requests.onCompleted();
        return result;
    }

    /** An open server-streaming call: its first response, and its status once closed. */
    private record Watch(ClientCall<WatchScoreChangesRequest, StringValue> call, CompletableFuture<String> first,
                         CompletableFuture<Status> closed) {
    }

    private Watch watch(Channel channel) {
        ClientCall<WatchScoreChangesRequest, StringValue> call = channel.newCall(LimitsProbe.WATCH, CallOptions.DEFAULT);
        openCalls.add(call);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        ClientCalls.asyncServerStreamingCall(call, LimitsProbe.request("t1"), new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                first.complete(value.getValue());
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
        });
        return new Watch(call, first, closed);
    }

    private static Status.Code code(Throwable e) {
        return Status.fromThrowable(e).getCode();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
