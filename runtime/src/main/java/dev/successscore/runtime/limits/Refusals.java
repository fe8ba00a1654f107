package dev.successscore.runtime.limits;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;
import dev.successscore.runtime.grpc.FailedPreconditionException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The statuses limits refuse calls with, as {@code google.rpc.Status} with details (read them with
 * {@link dev.successscore.runtime.grpc.GrpcErrors}), and the log line each refusal writes.
 */
final class Refusals {

    /** {@code ErrorInfo.reason} of a call refused by a tenant's or caller's rate limit. */
    static final String RATE_LIMITED = "RATE_LIMITED";
    /** {@code ErrorInfo.reason} of a streaming call refused because its caller has too many open. */
    static final String TOO_MANY_STREAMS = "TOO_MANY_STREAMS";
    /** {@code ErrorInfo.reason} of a client-streaming call refused for want of a deadline. */
    static final String DEADLINE_REQUIRED = "DEADLINE_REQUIRED";

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    private Refusals() {
    }

    static StatusRuntimeException rateLimited(String key, int limitForPeriod, Duration period, Duration retryAfter) {
        String message = "Rate limit exceeded for " + key + ": " + limitForPeriod + " calls per " + period
                + "; retry after " + retryAfter.toMillis() + "ms";
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage(message)
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(retryAfter.getSeconds())
                                .setNanos(retryAfter.getNano()))
                        .build()))
                .addDetails(Any.pack(quota(key, limitForPeriod + " calls per " + period)))
                .addDetails(Any.pack(errorInfo(RATE_LIMITED)))
                .build());
    }

    static StatusRuntimeException tooManyStreams(String caller, int max) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage("Too many open streams for " + caller + ": at most " + max
                        + "; end one before opening another")
                .addDetails(Any.pack(quota(caller, "at most " + max + " open streams")))
                .addDetails(Any.pack(errorInfo(TOO_MANY_STREAMS)))
                .build());
    }

    static StatusRuntimeException deadlineRequired(String method, Duration max) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("A deadline is required for the client-streaming call " + method
                        + " (at most " + max + " is honoured); set one and call again")
                .addDetails(Any.pack(errorInfo(DEADLINE_REQUIRED)))
                .build());
    }

    /** Closes {@code call} with {@code refusal} and logs it (in the call's logging context). */
    static void close(ServerCall<?, ?> call, StatusRuntimeException refusal) {
        log.info("Call {} refused: {} {}", call.getMethodDescriptor().getFullMethodName(),
                refusal.getStatus().getCode(), refusal.getStatus().getDescription());
        Metadata trailers = refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers();
        if (call instanceof GuardedCall<?, ?> guarded) {
            guarded.refuse(refusal.getStatus(), trailers);
        } else {
            call.close(refusal.getStatus(), trailers);
        }
    }

    private static QuotaFailure quota(String subject, String description) {
        return QuotaFailure.newBuilder()
                .addViolations(QuotaFailure.Violation.newBuilder().setSubject(subject).setDescription(description))
                .build();
    }

    private static ErrorInfo errorInfo(String reason) {
        return ErrorInfo.newBuilder().setReason(reason).setDomain(FailedPreconditionException.DOMAIN).build();
    }
}
