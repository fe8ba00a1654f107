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
import successscore.usage.v1.StreamActivitiesRequest;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small service for the limits' tests: {@code successscore.test.v1.Limits}, whose requests name a tenant
 * ({@code StreamActivitiesRequest.tenant_id}), one method of each type.
 */
final class LimitsProbe {

    static final String SERVICE = "successscore.test.v1.Limits";
    static final MethodDescriptor<StreamActivitiesRequest, StringValue> ECHO = method("Echo", MethodType.UNARY);
    static final MethodDescriptor<StreamActivitiesRequest, StringValue> WAIT = method("Wait", MethodType.UNARY);
    static final MethodDescriptor<StreamActivitiesRequest, StringValue> UPLOAD =
            method("Upload", MethodType.CLIENT_STREAMING);
    static final MethodDescriptor<StreamActivitiesRequest, StringValue> WATCH =
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

    private void waitUntilCancelled(StreamActivitiesRequest request, StreamObserver<StringValue> response) {
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

    private static StreamObserver<StreamActivitiesRequest> upload(StreamObserver<StringValue> response) {
        return new StreamObserver<>() {
            private int count;

            @Override
            public void onNext(StreamActivitiesRequest value) {
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

    static StreamActivitiesRequest request(String tenantId) {
        return StreamActivitiesRequest.newBuilder().setTenantId(tenantId).build();
    }

    private static MethodDescriptor<StreamActivitiesRequest, StringValue> method(String name, MethodType type) {
        return MethodDescriptor.<StreamActivitiesRequest, StringValue>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(StreamActivitiesRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }
}
