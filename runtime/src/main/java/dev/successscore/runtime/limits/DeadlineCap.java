package dev.successscore.runtime.limits;

import dev.successscore.runtime.concurrent.DaemonThreads;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server's own deadline: no unary or client-streaming call runs longer than the cap, whatever deadline its client
 * set (or none). A call whose deadline is later than the cap runs in a gRPC context whose deadline is the cap: at the
 * cap the context is cancelled (so the handler's work stops) and the call is closed with {@code DEADLINE_EXCEEDED}.
 *
 * <p>What applies depends on the method's type, explicitly ({@link #policyOf}):
 * <ul>
 *   <li>unary: capped;</li>
 *   <li>client-streaming (ingest): capped, and a call without a deadline is refused at once with
 *       {@code INVALID_ARGUMENT}: a stream of uploads must say how long it is willing to take;</li>
 *   <li>server-streaming (watches, event feeds) and bidirectional streaming: exempt, they are long by design (and
 *       bounded by {@link StreamsPerCaller} instead).</li>
 * </ul>
 */
public final class DeadlineCap implements ServerInterceptor {

    /** What a method type gets. */
    public enum Policy {
        /** Runs at most the cap. */
        CAPPED,
        /** Needs a deadline of its own, and runs at most the cap. */
        DEADLINE_REQUIRED,
        /** Runs as long as its client wants. */
        EXEMPT
    }

    /** One timer for the caps of every server of the process. */
    private static final ScheduledExecutorService TIMER = timer();

    private final Duration cap;

    public DeadlineCap(Duration cap) {
        this.cap = Objects.requireNonNull(cap, "cap");
        if (cap.isZero() || cap.isNegative()) {
            throw new IllegalArgumentException("the deadline cap must be positive but was " + cap);
        }
    }

    /** The policy for calls of {@code type}. */
    public static Policy policyOf(MethodType type) {
        return switch (type) {
            case UNARY, UNKNOWN -> Policy.CAPPED;
            case CLIENT_STREAMING -> Policy.DEADLINE_REQUIRED;
            case SERVER_STREAMING, BIDI_STREAMING -> Policy.EXEMPT;
        };
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        Policy policy = policyOf(call.getMethodDescriptor().getType());
        if (policy == Policy.EXEMPT) {
            return next.startCall(call, headers);
        }
        Context current = Context.current();
        Deadline deadline = current.getDeadline();
        if (deadline == null && policy == Policy.DEADLINE_REQUIRED) {
            Refusals.close(call, Refusals.deadlineRequired(call.getMethodDescriptor().getFullMethodName(), cap));
            return new ServerCall.Listener<>() {
            };
        }
        if (deadline != null && deadline.timeRemaining(TimeUnit.NANOSECONDS) <= cap.toNanos()) {
            return next.startCall(call, headers);
        }
        GuardedCall<ReqT, RespT> guarded = new GuardedCall<>(call);
        Context.CancellableContext capped = current.withDeadlineAfter(cap.toNanos(), TimeUnit.NANOSECONDS, TIMER);
        capped.addListener(context -> {
            if (capped.cancellationCause() instanceof TimeoutException && !current.isCancelled()) {
                Refusals.close(guarded, new StatusRuntimeException(Status.DEADLINE_EXCEEDED.withDescription(
                        "The call ran into the server's deadline cap of " + cap)));
            }
        }, Runnable::run);
        try {
            return new GuardedListener<>(Contexts.interceptCall(capped, guarded, headers, next), guarded,
                    () -> capped.cancel(null));
        } catch (RuntimeException | Error e) {
            capped.cancel(null);
            throw e;
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("grpc-deadline-cap"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
