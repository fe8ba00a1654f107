package dev.successscore.runtime.axon;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    @Test
    void concurrencyConflictsAreTransientEvenWhenWrapped() {
        assertThat(TransientFailures.isTransient(new ConcurrencyException("conflict"))).isTrue();
        assertThat(TransientFailures.isTransient(
                new CommandExecutionException("failed", new ConcurrencyException("conflict")))).isTrue();
    }

    @Test
    void serializationFailuresDeadlocksAndConnectionLossAreTransient() {
        assertThat(TransientFailures.isTransient(new SQLException("serialization", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("deadlock", "40P01"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("connection refused", "08001"))).isTrue();
    }

    @Test
    void validationDuplicatesAndBugsAreNot() {
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(TransientFailures.isTransient(new AggregateStreamCreationException("exists",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    }
}
