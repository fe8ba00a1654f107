package dev.successscore.runtime.feed;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Status;

/** Which failures of calls to an upstream feed are transient, so worth retrying and counted by its breaker. */
final class FeedCalls {

    private FeedCalls() {
    }

    /**
     * {@code UNAVAILABLE} (the upstream is down, restarting or shutting down), {@code DEADLINE_EXCEEDED} (too slow
     * or a link that went silent), {@code RESOURCE_EXHAUSTED} (too many streams) and an open circuit breaker; not
     * {@code INVALID_ARGUMENT}, {@code UNIMPLEMENTED}, {@code INTERNAL} or anything else, which a retry would not
     * change.
     */
    static boolean isRetryable(Throwable failure) {
        return failure instanceof CallNotPermittedException || isTransientStatus(failure);
    }

    /** The transient gRPC codes above; what the circuit breaker counts as the upstream's failures. */
    static boolean isTransientStatus(Throwable failure) {
        Status.Code code = Status.fromThrowable(failure).getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED;
    }

    /** A short description for {@link UpstreamStatus#lastError()}. */
    static String describe(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return "circuit breaker open: " + failure.getMessage();
        }
        Status status = Status.fromThrowable(failure);
        if (status.getCode() == Status.Code.UNKNOWN && !(failure instanceof io.grpc.StatusRuntimeException)) {
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }
}
