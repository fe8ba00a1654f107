package dev.successscore.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.metrics.GrpcMetrics;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The call metrics sit outside the error mapping: a call that fails with a domain exception is recorded under the
 * status the client receives, not as UNKNOWN.
 */
class CallMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        server = GrpcServer.inProcess("metrics-" + UUID.randomUUID())
                .addService(new ProbeService().definition())
                .intercept(GrpcMetrics.serverInterceptor(registry))
                .build().start();
        channel = server.newChannel();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
    }

    private Status.Code call(io.grpc.MethodDescriptor<StringValue, StringValue> method, String kind) {
        try {
            ClientCalls.blockingUnaryCall(channel, method, io.grpc.CallOptions.DEFAULT, StringValue.of(kind));
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** The server records a call once it has completed, a moment after the client has its answer. */
    private void awaitRecorded(String method, Status.Code code, long count) {
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(recorded(method, code)).isEqualTo(count));
    }

    private long recorded(String method, Status.Code code) {
        Timer timer = registry.find("grpc.server.processing.duration")
                .tag("method", method).tag("statusCode", code.name()).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aThrownDomainExceptionIsRecordedWithTheStatusTheClientSees() {
        assertThat(call(ProbeService.FAIL, "not_found")).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(call(ProbeService.FAIL, "invalid")).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(call(ProbeService.FAIL, "invalid")).isEqualTo(Status.Code.INVALID_ARGUMENT);

        awaitRecorded("Fail", Status.Code.NOT_FOUND, 1);
        awaitRecorded("Fail", Status.Code.INVALID_ARGUMENT, 2);
        assertThat(recorded("Fail", Status.Code.UNKNOWN)).isZero();
    }

    @Test
    void aFailurePassedToOnErrorIsRecordedWithItsMappedStatus() {
        assertThat(call(ProbeService.FAIL_VIA_ON_ERROR, "precondition")).isEqualTo(Status.Code.FAILED_PRECONDITION);
        awaitRecorded("FailViaOnError", Status.Code.FAILED_PRECONDITION, 1);
        assertThat(recorded("FailViaOnError", Status.Code.UNKNOWN)).isZero();
    }

    @Test
    void anInternalFailureIsRecordedAsInternal() {
        assertThat(call(ProbeService.FAIL, "boom")).isEqualTo(Status.Code.INTERNAL);
        awaitRecorded("Fail", Status.Code.INTERNAL, 1);
    }

    @Test
    void theInterceptorOrderMatters() {
        // placed inside the error mapping, the same interceptor would not see the mapped status
        MeterRegistry inside = new SimpleMeterRegistry();
        var definition = io.grpc.ServerInterceptors.intercept(
                io.grpc.ServerInterceptors.intercept(new ProbeService().definition(),
                        GrpcMetrics.serverInterceptor(inside)),
                new ErrorMappingInterceptor());
        GrpcServer misordered = GrpcServer.inProcess("misordered-" + UUID.randomUUID()).addService(definition)
                .build().start();
        ManagedChannel misorderedChannel = misordered.newChannel();
        try {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(misorderedChannel, ProbeService.FAIL,
                    io.grpc.CallOptions.DEFAULT, StringValue.of("not_found")))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            // it never sees the mapped status: the call is recorded as UNKNOWN
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(inside.find(
                    "grpc.server.processing.duration").tag("statusCode", "UNKNOWN").timer())
                    .isNotNull().extracting(Timer::count).isEqualTo(1L));
            assertThat(inside.find("grpc.server.processing.duration").tag("statusCode", "NOT_FOUND").timer())
                    .isNull();
        } finally {
            misorderedChannel.shutdownNow();
            misordered.stop(Duration.ofSeconds(1));
        }
    }
}
