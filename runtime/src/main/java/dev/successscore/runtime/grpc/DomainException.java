package dev.successscore.runtime.grpc;

import com.google.rpc.Status;

/**
 * A failure the caller can act on, thrown by a service's domain or API code and turned by
 * {@link ErrorMappingInterceptor} into a gRPC status with structured details ({@code google.rpc.Status}).
 *
 * <p>Messages of domain exceptions are sent to the client: keep them meaningful and free of internals.
 */
public abstract class DomainException extends RuntimeException {

    /** Creates the exception with a message meant for the client. */
    protected DomainException(String message) {
        super(message);
    }

    /** Creates the exception with a message meant for the client and the underlying cause (not sent). */
    protected DomainException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This failure as the {@code google.rpc.Status} sent to the client. */
    public abstract Status toRpcStatus();
}
