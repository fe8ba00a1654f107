package dev.successscore.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

class DomainErrorsTest {

    private static int code(Throwable failure) {
        return DomainErrors.toRpcStatus(failure).getCode();
    }

    @Test
    void noConnectionFromThePoolIsUnavailable() {
        assertThat(code(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("successscore-db - Connection is not available"))))
                .isEqualTo(Code.UNAVAILABLE_VALUE);
    }

    @Test
    void aServerShuttingDownIsUnavailable() {
        assertThat(code(new RuntimeException(new SQLException("terminating connection due to administrator command",
                "57P01")))).isEqualTo(Code.UNAVAILABLE_VALUE);
    }

    @Test
    void aRollbackThatFailedOnAClosedConnectionIsUnavailableWhenTheDatabaseFailedFirst() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        assertThat(code(rollback)).isEqualTo(Code.UNAVAILABLE_VALUE);
    }

    @Test
    void aRollbackThatFailedOnAClosedConnectionWithoutARecordedCauseIsUnavailable() {
        // as when Axon's event store reads while PostgreSQL terminates the connection
        assertThat(code(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isEqualTo(Code.UNAVAILABLE_VALUE);
    }

    @Test
    void aCommitThatFailedStaysInternal() {
        // it may have stored what it committed, or failed on a constraint checked at commit
        assertThat(code(new TransactionSystemException("JDBC commit failed",
                new SQLException("deferred constraint violated", "23505")))).isEqualTo(Code.INTERNAL_VALUE);
    }

    @Test
    void aTransactionFailureWithoutADatabaseCauseStaysInternal() {
        assertThat(code(new TransactionSystemException("Transaction marked rollback-only")))
                .isEqualTo(Code.INTERNAL_VALUE);
    }

    @Test
    void aRollbackThatFailedAfterAProgrammingErrorStaysInternal() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new NullPointerException("a bug"));
        assertThat(code(rollback)).isEqualTo(Code.INTERNAL_VALUE);
    }
}
