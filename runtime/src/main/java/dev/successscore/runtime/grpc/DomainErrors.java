package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one mapping from exceptions to the gRPC status a client sees.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>exception</th><th>code</th><th>details</th></tr>
 *   <tr><td>{@link DomainException}</td><td>its own</td><td>its own, see {@link DomainException#toRpcStatus()}</td></tr>
 *   <tr><td>Axon {@link ConcurrencyException}, {@link ConflictingModificationException}</td><td>ABORTED</td><td></td></tr>
 *   <tr><td>Axon {@link AggregateStreamCreationException}</td><td>ALREADY_EXISTS</td><td></td></tr>
 *   <tr><td>Axon {@link AggregateNotFoundException}</td><td>NOT_FOUND</td><td>ResourceInfo</td></tr>
 *   <tr><td>{@link IllegalArgumentException}</td><td>INVALID_ARGUMENT</td><td></td></tr>
 *   <tr><td>the database unreachable or a transient database conflict (connection failures, SQLSTATE classes
 *       08 and 57P, 40001, 40P01)</td><td>UNAVAILABLE</td><td></td></tr>
 *   <tr><td>{@link StatusRuntimeException}, {@link StatusException}</td><td>unchanged</td><td>unchanged</td></tr>
 *   <tr><td>anything else</td><td>INTERNAL</td><td>a generic message with a reference; the stack trace is
 *       logged under that reference, never sent</td></tr>
 * </table>
 *
 * <p>Wrappers are looked through first: {@link CompletionException}, {@link ExecutionException},
 * {@link InvocationTargetException}, {@link UndeclaredThrowableException} and Axon's
 * {@link HandlerExecutionException} (such as {@code CommandExecutionException}) when they carry a cause.
 */
public final class DomainErrors {

    private static final Logger log = LoggerFactory.getLogger(DomainErrors.class);

    private DomainErrors() {
    }

    /** {@code failure} as the exception to close a call with: status and trailers carrying the details. */
    public static StatusRuntimeException toStatusRuntimeException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StatusRuntimeException statusRuntimeException) {
            return statusRuntimeException;
        }
        if (cause instanceof StatusException statusException) {
            return new StatusRuntimeException(statusException.getStatus(), statusException.getTrailers());
        }
        return StatusProto.toStatusRuntimeException(toRpcStatus(cause));
    }

    /**
     * {@code failure} as a {@code google.rpc.Status}. Unexpected failures are logged with their stack trace
     * here.
     */
    public static Status toRpcStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof DomainException domain) {
            log.debug("Request failed: {}", domain.getMessage());
            return domain.toRpcStatus();
        }
        if (cause instanceof ConcurrencyException || cause instanceof ConflictingModificationException) {
            log.debug("Request aborted by a concurrent modification: {}", cause.getMessage());
            return status(Code.ABORTED, "The resource was modified concurrently; retry the request");
        }
        if (cause instanceof AggregateStreamCreationException) {
            log.debug("Request conflicts with an existing resource: {}", cause.getMessage());
            return status(Code.ALREADY_EXISTS, "The resource already exists");
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            String id = String.valueOf(notFound.getAggregateIdentifier());
            return Status.newBuilder()
                    .setCode(Code.NOT_FOUND_VALUE)
                    .setMessage("'" + id + "' not found")
                    .addDetails(Any.pack(ResourceInfo.newBuilder()
                            .setResourceType("aggregate")
                            .setResourceName(id)
                            .build()))
                    .build();
        }
        if (cause instanceof IllegalArgumentException) {
            log.debug("Request rejected: {}", cause.getMessage());
            return status(Code.INVALID_ARGUMENT, String.valueOf(cause.getMessage()));
        }
        if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
            Status sent = StatusProto.fromThrowable(cause);
            if (sent != null) {
                return sent;
            }
            io.grpc.Status grpcStatus = io.grpc.Status.fromThrowable(cause);
            return Status.newBuilder()
                    .setCode(grpcStatus.getCode().value())
                    .setMessage(grpcStatus.getDescription() == null ? "" : grpcStatus.getDescription())
                    .build();
        }
        if (isDatabaseUnavailable(cause)) {
            log.warn("Request failed: the database is unavailable: {}", cause.getMessage());
            return status(Code.UNAVAILABLE, "The database is unavailable; retry the request");
        }
        String reference = UUID.randomUUID().toString();
        log.error("Internal error, reference {}", reference, cause);
        return status(Code.INTERNAL, "Internal error (reference " + reference + ")");
    }

    /**
     * Whether {@code failure} says the database cannot be reached or refused work for now (no connection from the
     * pool, a broken connection, a lock or serialization conflict that outlived its retries): nothing was stored,
     * and the same request may succeed later.
     */
    static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // a rollback that failed on a closed connection hides the failure that caused it
            if (t instanceof org.springframework.transaction.TransactionSystemException rollback) {
                if (rollback.getApplicationException() != null) {
                    if (isDatabaseUnavailable(rollback.getApplicationException())) {
                        return true;
                    }
                } else if (isFailedRollback(rollback)) {
                    // a rollback failed on its connection and what failed first went unrecorded (Axon's event
                    // store rolls back without passing it on): the connection broke, and nothing was committed
                    return true;
                }
            }
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.TransientDataAccessException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof java.sql.SQLTransientException
                    || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
                    || sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} is Spring's report of a JDBC rollback that failed on its connection. A failed commit
     * is not one: it may have stored what it was committing, or failed on a constraint checked at commit.
     */
    private static boolean isFailedRollback(org.springframework.transaction.TransactionSystemException failure) {
        return failure.getCause() instanceof java.sql.SQLException
                && failure.getMessage() != null && failure.getMessage().startsWith(JDBC_ROLLBACK_FAILED);
    }

    /** The message Spring's DataSourceTransactionManager gives a rollback that failed. */
    private static final String JDBC_ROLLBACK_FAILED = "JDBC rollback failed";

    /** The failure inside known wrapper exceptions. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < 16 && current.getCause() != null && isWrapper(current); depth++) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable failure) {
        return failure instanceof CompletionException
                || failure instanceof ExecutionException
                || failure instanceof InvocationTargetException
                || failure instanceof UndeclaredThrowableException
                || failure instanceof HandlerExecutionException;
    }

    private static Status status(Code code, String message) {
        return Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }
}
