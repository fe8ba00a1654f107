package dev.successscore.runtime.limits;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.security.Caller;
import dev.successscore.runtime.security.Callers;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import successscore.score.v1.WatchScoreChangesRequest;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small service for the limits' tests: {@code successscore.test.v1.Limits}, whose requests name a tenant
 * ({@code WatchScoreChangesRequest.tenant_id}, which may be empty), one method of each type.
 */
final class LimitsProbe {

    static final String SERVICE = "successscore.test.v1.Limits";
    static final MethodDescriptor<WatchScoreChangesRequest, StringValue> ECHO = method("Echo", MethodType.UNARY);
    static final MethodDescriptor<WatchScoreChangesRequest, StringValue> WAIT = method("Wait", MethodType.UNARY);
    static final MethodDescriptor<WatchScoreChangesRequest, StringValue> UPLOAD =
            method("Upload", MethodType.CLIENT_STREAMING);
    static final MethodDescriptor<WatchScoreChangesRequest, StringValue> WATCH =
            method("Watch", MethodType.SERVER_STREAMING);

    /** The header the {@link #fakeAuthentication()} reads the caller's subject from. */
    static final Metadata.Key<String> SUBJECT = Metadata.Key.of("x-test-subject", Metadata.ASCII_STRING_MARSHALLER);

    final CountDownLatch waitEntered = new CountDownLatch(1);
    final CountDownLatch waitCancelled = new CountDownLatch(1);
    final AtomicReference<Throwable> waitCancellationCause = new AtomicReference<>();

    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(StringValue.of(request.getTenantId()));
                    response.onCompleted();
                }))
                .addMethod(WAIT, ServerCalls.asyncUnaryCall(this::waitUntilCancelled))
                .addMethod(UPLOAD, ServerCalls.asyncClientStreamingCall(LimitsProbe::upload))
                .addMethod(WATCH, ServerCalls.asyncServerStreamingCall((request, response) ->
                        // stays open until the client cancels it
                        response.onNext(StringValue.of("open"))))
                .build();
    }

    private void waitUntilCancelled(WatchScoreChangesRequest request, StreamObserver<StringValue> response) {
        Context context = Context.current();
        context.addListener(cancelled -> {
            waitCancellationCause.set(cancelled.cancellationCause());
            waitCancelled.countDown();
        }, Runnable::run);
        waitEntered.countDown();
        try {
            if (waitCancelled.await(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        response.onNext(StringValue.of("never cancelled"));
        response.onCompleted();
    }

    private static StreamObserver<WatchScoreChangesRequest> upload(StreamObserver<StringValue> response) {
        return new StreamObserver<>() {
            private int count;

            @Override
            public void onNext(WatchScoreChangesRequest value) {
                if (value.getTenantId().equals("fail")) {
                    throw new IllegalArgumentException("asked to fail");
                }
                count++;
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                response.onNext(StringValue.of(Integer.toString(count)));
                response.onCompleted();
            }
        };
    }

    /** Stands in for the authentication: the caller is who the {@link #SUBJECT} header names. */
    static ServerInterceptor fakeAuthentication() {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> io.grpc.ServerCall.Listener<ReqT> interceptCall(
                    io.grpc.ServerCall<ReqT, RespT> call, Metadata headers,
                    io.grpc.ServerCallHandler<ReqT, RespT> next) {
                String subject = headers.get(SUBJECT);
                if (subject == null) {
                    return next.startCall(call, headers);
                }
                Context context = Callers.withCaller(Caller.ofAllTenants(subject, Set.of()));
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
    }

    static WatchScoreChangesRequest request(String tenantId) {
        return WatchScoreChangesRequest.newBuilder().setTenantId(tenantId).build();
    }

    /** A request of about {@code bytes} bytes (its tenant id is short: ids are at most 64 characters). */
    static WatchScoreChangesRequest request(String tenantId, int bytes) {
        return WatchScoreChangesRequest.newBuilder().setTenantId(tenantId).setAfterPosition("p".repeat(bytes)).build();
    }

    private static MethodDescriptor<WatchScoreChangesRequest, StringValue> method(String name, MethodType type) {
        return MethodDescriptor.<WatchScoreChangesRequest, StringValue>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(WatchScoreChangesRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }
}
