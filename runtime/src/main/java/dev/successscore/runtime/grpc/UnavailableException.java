package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;

import java.time.Duration;

/**
 * The service cannot serve the request right now (a dependency is down, the service is starting or stopping);
 * the client may retry: {@code UNAVAILABLE}, with a {@code google.rpc.RetryInfo} when a delay is suggested.
 */
public final class UnavailableException extends DomainException {

    private final Duration retryAfter;

    /** Unavailable, without a suggested delay. */
    public UnavailableException(String message) {
        this(message, null, null);
    }

    /** Unavailable; the client should wait {@code retryAfter} (may be {@code null}) before retrying. */
    public UnavailableException(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    /** Unavailable because of {@code cause} (logged, not sent). */
    public UnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The suggested delay before a retry, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Status toRpcStatus() {
        Status.Builder status = Status.newBuilder()
                .setCode(Code.UNAVAILABLE_VALUE)
                .setMessage(getMessage());
        if (retryAfter != null) {
            status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(retryAfter.getSeconds())
                            .setNanos(retryAfter.getNano()))
                    .build()));
        }
        return status.build();
    }
}
