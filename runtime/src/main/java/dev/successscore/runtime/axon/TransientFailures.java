package dev.successscore.runtime.axon;

import org.axonframework.common.AxonTransientException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which failures are worth retrying: the same command or transaction may well succeed a moment later.
 *
 * <p>Transient are Axon's {@link AxonTransientException}s (among them
 * {@code org.axonframework.modelling.command.ConcurrencyException}, two nodes appending to one aggregate),
 * JDBC's transient and recoverable exceptions, Spring's transient data access exceptions, and PostgreSQL's
 * serialization failure (SQLSTATE 40001), deadlock (40P01) and connection errors (class 08), anywhere in the
 * cause chain. Everything else (validation errors, domain rule violations, an aggregate that already exists)
 * is not.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    /** Whether {@code failure} or one of its causes is transient. */
    public static boolean isTransient(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 32; depth++) {
            if (isTransientItself(current)) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    private static boolean isTransientItself(Throwable failure) {
        if (failure instanceof AxonTransientException
                || failure instanceof SQLTransientException
                || failure instanceof SQLRecoverableException
                || failure instanceof TransientDataAccessException
                || failure instanceof RecoverableDataAccessException) {
            return true;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.equals("40001") || state.equals("40P01") || state.startsWith("08");
        }
        return false;
    }
}
