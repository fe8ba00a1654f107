package dev.successscore.runtime.grpc;

import com.google.protobuf.StringValue;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ErrorMappingInterceptorTest {

    private static GrpcServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        server = GrpcServer.inProcess("errors-" + UUID.randomUUID())
                .addService(new ProbeService().definition())
                .build()
                .start();
        channel = server.newChannel();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(java.time.Duration.ofSeconds(1));
    }

    private static StatusRuntimeException failUnary(String kind) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, ProbeService.FAIL, CallOptions.DEFAULT, StringValue.of(kind)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "invalid, INVALID_ARGUMENT",
            "not_found, NOT_FOUND",
            "precondition, FAILED_PRECONDITION",
            "exists, ALREADY_EXISTS",
            "unavailable, UNAVAILABLE",
            "concurrency, ABORTED",
            "stream_creation, ALREADY_EXISTS",
            "command_wrapped, NOT_FOUND",
            "illegal, INVALID_ARGUMENT",
            "boom, INTERNAL"
    })
    void mapsEachFailureToItsCode(String kind, Status.Code expected) {
        assertThat(failUnary(kind).getStatus().getCode()).isEqualTo(expected);
    }

    @Test
    void invalidArgumentCarriesEveryFieldViolation() {
        StatusRuntimeException e = failUnary("invalid");

        assertThat(GrpcErrors.fieldViolations(e)).containsExactly("policy.weight_tables[0]", "tenant_id");
        assertThat(GrpcErrors.detail(e, BadRequest.class).orElseThrow().getFieldViolations(0).getDescription())
                .isEqualTo("weights must sum to 100");
        assertThat(e.getStatus().getDescription())
                .isEqualTo("policy.weight_tables[0]: weights must sum to 100; tenant_id: must not be empty");
    }

    @Test
    void notFoundCarriesResourceInfo() {
        ResourceInfo info = GrpcErrors.resourceInfo(failUnary("not_found")).orElseThrow();

        assertThat(info.getResourceType()).isEqualTo("score_policy");
        assertThat(info.getResourceName()).isEqualTo("tenant-1/policy-7");
    }

    @Test
    void alreadyExistsCarriesResourceInfo() {
        assertThat(GrpcErrors.resourceInfo(failUnary("exists")).orElseThrow().getResourceName())
                .isEqualTo("tenant-1");
    }

    @Test
    void failedPreconditionCarriesReasonAndPreconditionFailure() {
        StatusRuntimeException e = failUnary("precondition");

        assertThat(GrpcErrors.reason(e)).contains("POLICY_ARCHIVED");
        assertThat(GrpcErrors.detail(e, ErrorInfo.class).orElseThrow().getDomain()).isEqualTo("successscore.dev");
        PreconditionFailure.Violation violation =
                GrpcErrors.detail(e, PreconditionFailure.class).orElseThrow().getViolations(0);
        assertThat(violation.getType()).isEqualTo("POLICY_ARCHIVED");
        assertThat(violation.getSubject()).isEqualTo("policies/p-7");
        assertThat(e.getStatus().getDescription()).isEqualTo("the policy is archived");
    }

    @Test
    void unavailableCarriesRetryDelay() {
        RetryInfo retry = GrpcErrors.detail(failUnary("unavailable"), RetryInfo.class).orElseThrow();

        assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(2);
    }

    @Test
    void axonCommandExecutionExceptionIsUnwrapped() {
        StatusRuntimeException e = failUnary("command_wrapped");

        assertThat(GrpcErrors.resourceInfo(e).orElseThrow().getResourceName()).isEqualTo("m-1");
    }

    @Test
    void illegalArgumentKeepsItsMessage() {
        assertThat(failUnary("illegal").getStatus().getDescription()).isEqualTo("limit must be positive");
    }

    @Test
    void unexpectedFailureLeaksNothing() {
        StatusRuntimeException e = failUnary("boom");

        assertThat(e.getStatus().getDescription()).startsWith("Internal error (reference ")
                .doesNotContain("secret").doesNotContain("hunter2").doesNotContain("IllegalStateException");
        assertThat(GrpcErrors.rpcStatus(e).orElseThrow().getDetailsList()).isEmpty();
    }

    @Test
    void failurePassedToOnErrorIsMappedToo() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, ProbeService.FAIL_VIA_ON_ERROR, CallOptions.DEFAULT,
                        StringValue.of("not_found")));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.resourceInfo(e)).isPresent();
    }

    @Test
    void failureAfterFirstStreamedMessageIsMapped() {
        Iterator<StringValue> responses = ClientCalls.blockingServerStreamingCall(
                channel, ProbeService.FAIL_STREAM, CallOptions.DEFAULT, StringValue.of("invalid"));

        assertThat(responses.next().getValue()).isEqualTo("first");
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, responses::next);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.fieldViolations(e)).contains("tenant_id");
    }

    @Test
    void failureInsideOnMessageOfClientStreamIsMapped() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        StreamObserver<StringValue> requests = ClientCalls.asyncClientStreamingCall(
                channel.newCall(ProbeService.FAIL_ON_MESSAGE, CallOptions.DEFAULT), new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                        failure.completeExceptionally(new AssertionError("unexpected response " + value));
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        failure.completeExceptionally(new AssertionError("completed without error"));
                    }
                });
        requests.onNext(StringValue.of("precondition"));
        requests.onCompleted();

        Throwable t = failure.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) t;
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(GrpcErrors.reason(e)).contains("POLICY_ARCHIVED");
    }
}
