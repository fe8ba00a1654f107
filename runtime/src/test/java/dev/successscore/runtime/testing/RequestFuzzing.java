package dev.successscore.runtime.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends fuzzed requests to every method of a service: the fuzzer's input picks a method and becomes its request
 * message (bytes that are not a message of that type are not sent: the transport refuses them before the service).
 * The only outcomes allowed are a success or a clean status a client can act on; anything else (INTERNAL, UNKNOWN,
 * a hang past the deadline) fails the fuzz test with the method and the request.
 */
public final class RequestFuzzing {

    /** What a malformed or hostile request may get. */
    public static final Set<Status.Code> CLEAN = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.NOT_FOUND, Status.Code.FAILED_PRECONDITION, Status.Code.RESOURCE_EXHAUSTED,
            // a resource created again with other content (a user registered twice differently)
            Status.Code.ALREADY_EXISTS);
    private static final long DEADLINE_MILLIS = 10_000;
    private static final long STREAM_MILLIS = 300;
    private static final int STREAM_MESSAGES = 3;

    private final Channel channel;
    private final List<MethodDescriptor<Object, Object>> methods = new ArrayList<>();

    /** Fuzzes every method of {@code services} over {@code channel}. */
    @SuppressWarnings("unchecked")
    public RequestFuzzing(Channel channel, ServiceDescriptor... services) {
        this.channel = channel;
        for (ServiceDescriptor service : services) {
            service.getMethods().stream()
                    .sorted(Comparator.comparing(MethodDescriptor::getFullMethodName))
                    .forEach(method -> methods.add((MethodDescriptor<Object, Object>) method));
        }
    }

    /** The methods fuzzed, by full name, in the order the input picks them. */
    public List<String> methodNames() {
        return methods.stream().map(MethodDescriptor::getFullMethodName).toList();
    }

    /**
     * Sends one fuzzed request, built field by field from the input (so most inputs reach the service's own
     * checks); throws an AssertionError naming the method and request on a forbidden outcome.
     */
    public void send(FuzzedDataProvider data) {
        MethodDescriptor<Object, Object> method = methods.get(data.consumeInt(0, methods.size() - 1));
        Object request;
        try {
            Message prototype = (Message) method.parseRequest(new ByteArrayInputStream(new byte[0]));
            request = FuzzedMessages.build(prototype.newBuilderForType(), data);
        } catch (RuntimeException notAMessage) {
            return;
        }
        Status.Code code = call(method, request);
        if (!CLEAN.contains(code)) {
            throw new AssertionError(method.getFullMethodName() + " answered " + code + " to " + request);
        }
    }

    private Status.Code call(MethodDescriptor<Object, Object> method, Object request) {
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
                case CLIENT_STREAMING, BIDI_STREAMING -> clientStreaming(method, request);
                default -> throw new IllegalStateException("unknown method type " + method.getType());
            }
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            return code == Status.Code.DEADLINE_EXCEEDED && method.getType() == MethodDescriptor.MethodType
                    .SERVER_STREAMING ? Status.Code.OK : code;
        }
    }

    private void clientStreaming(MethodDescriptor<Object, Object> method, Object request) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        StreamObserver<Object> requests = ClientCalls.asyncClientStreamingCall(
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
        requests.onNext(request);
        requests.onCompleted();
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
