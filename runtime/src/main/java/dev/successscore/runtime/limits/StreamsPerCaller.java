package dev.successscore.runtime.limits;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.ServerInterceptor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most so many open streaming calls (client-, server- or bidirectional streaming) per caller: the authenticated
 * caller's subject, else the peer's address. One more is refused at once with {@code RESOURCE_EXHAUSTED}; a slot is
 * freed when its call ends in any way (completed, cancelled by the client, failed, cut by a deadline). Unary calls
 * are not counted.
 *
 * <p>Only callers with open streams are tracked, so the table is as large as the streams open on the server.
 */
public final class StreamsPerCaller implements ServerInterceptor {

    private final int max;
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();

    public StreamsPerCaller(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("streams per caller must be at least 1 but was " + max);
        }
        this.max = max;
    }

    /** Whether calls of {@code type} are counted. */
    public static boolean isStreaming(MethodType type) {
        return type == MethodType.CLIENT_STREAMING || type == MethodType.SERVER_STREAMING
                || type == MethodType.BIDI_STREAMING;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (!isStreaming(call.getMethodDescriptor().getType())) {
            return next.startCall(call, headers);
        }
        String caller = CallerKeys.of(call);
        if (!tryAcquire(caller)) {
            Refusals.close(call, Refusals.tooManyStreams(caller, max));
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                release(caller);
            }
        };
        try {
            // freed as the server closes the call, before the client hears of the end, so that a client opening
            // its next stream at once finds the slot free; and when the call is cancelled or otherwise ends
            ServerCall<ReqT, RespT> releasing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    release.run();
                    super.close(status, trailers);
                }
            };
            return new ReleasingListener<>(next.startCall(releasing, headers), release);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        }
    }

    /** Streams {@code caller} has open now. */
    int openStreams(String caller) {
        return open.getOrDefault(caller, 0);
    }

    /** Callers with streams open now. */
    int trackedCallers() {
        return open.size();
    }

    private boolean tryAcquire(String caller) {
        boolean[] acquired = new boolean[1];
        open.compute(caller, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    private void release(String caller) {
        open.computeIfPresent(caller, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Frees the slot once the call has ended, however it ended. */
    private static final class ReleasingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

        private final Runnable release;

        ReleasingListener(ServerCall.Listener<ReqT> delegate, Runnable release) {
            super(delegate);
            this.release = release;
        }

        @Override
        public void onCancel() {
            try {
                super.onCancel();
            } finally {
                release.run();
            }
        }

        @Override
        public void onComplete() {
            try {
                super.onComplete();
            } finally {
                release.run();
            }
        }
    }
}
