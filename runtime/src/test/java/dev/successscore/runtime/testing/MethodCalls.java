package dev.successscore.runtime.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls a method of any type once, with a deadline, and tells the status it answered: unary and client-streaming
 * calls get {@value #DEADLINE_MILLIS} ms; a server stream, long-lived by design, is read for a few messages within a
 * short deadline.
 */
final class MethodCalls {

    private static final long DEADLINE_MILLIS = 10_000;
    private static final long STREAM_MILLIS = 300;
    private static final int STREAM_MESSAGES = 3;

    private final Channel channel;

    MethodCalls(Channel channel) {
        this.channel = channel;
    }

    /**
     * The status {@code method} answers to {@code requests} (one, or several on a client stream); a server stream
     * cut by its short deadline counts as OK.
     */
    Status.Code statusOf(MethodDescriptor<Object, Object> method, List<Object> requests) {
        Object request = requests.get(0);
        try {
            switch (method.getType()) {
                case UNARY -> ClientCalls.blockingUnaryCall(channel, method, options(DEADLINE_MILLIS), request);
                case SERVER_STREAMING -> {
                    // long-lived by design: read a few messages within a short deadline
                    Iterator<Object> responses = ClientCalls.blockingServerStreamingCall(channel, method,
                            options(STREAM_MILLIS), request);
                    for (int i = 0; i < STREAM_MESSAGES && responses.hasNext(); i++) {
                        responses.next();
                    }
                }
                case CLIENT_STREAMING, BIDI_STREAMING -> clientStreaming(method, requests);
                default -> throw new IllegalStateException("unknown method type " + method.getType());
            }
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            return code == Status.Code.DEADLINE_EXCEEDED && method.getType() == MethodDescriptor.MethodType
                    .SERVER_STREAMING ? Status.Code.OK : code;
        }
    }

    private void clientStreaming(MethodDescriptor<Object, Object> method, List<Object> requests) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        StreamObserver<Object> stream = ClientCalls.asyncClientStreamingCall(
                channel.newCall(method, options(DEADLINE_MILLIS)), new StreamObserver<>() {
                    @Override
                    public void onNext(Object value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        for (Object request : requests) {
            stream.onNext(request);
        }
        stream.onCompleted();
        try {
            done.get(DEADLINE_MILLIS + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException status ? status
                    : Status.fromThrowable(e.getCause()).asRuntimeException();
        } catch (Exception e) {
            throw Status.DEADLINE_EXCEEDED.withCause(e).asRuntimeException();
        }
    }

    private static CallOptions options(long millis) {
        return CallOptions.DEFAULT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    }
}
