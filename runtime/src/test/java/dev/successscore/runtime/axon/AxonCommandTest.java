package dev.successscore.runtime.axon;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.axon.CounterAggregate.CounterIncremented;
import dev.successscore.runtime.axon.CounterAggregate.CreateCounter;
import dev.successscore.runtime.axon.CounterAggregate.IncrementCounter;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.testing.TestDatabases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AxonCommandTest {

    private HikariDataSource dataSource;
    private AxonSetup setup;
    private Configuration configuration;
    private CommandGateway commands;
    private JdbcTemplate jdbc;
    private final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void setUp() {
        dataSource = TestDatabases.fresh();
        Migrations.migrateAxonSchema(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE audit (note TEXT NOT NULL)");
    }

    private void start(AxonSettings settings) {
        setup = AxonSetup.create(dataSource, Json.mapper(), settings);
        configuration = setup.configurer().configureAggregate(CounterAggregate.class).buildConfiguration();
        configuration.start();
        commands = configuration.commandGateway();
    }

    @AfterEach
    void tearDown() {
        CounterAggregate.duringCommand = id -> { };
        if (configuration != null) {
            configuration.shutdown();
        }
        dataSource.close();
    }

    private List<Long> sequenceNumbers(String id) {
        return jdbc.queryForList("SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber", Long.class, id);
    }

    /** Appends an increment from "another node": a different thread and transaction, committed at once. */
    private void concurrentIncrementFromAnotherNode(String id, long sequence) {
        CompletableFuture.runAsync(() -> setup.newEventStorageEngine(null).appendEvents(
                new GenericDomainEventMessage<>("CounterAggregate", id, sequence, new CounterIncremented(id, 99))))
                .join();
    }

    @Test
    void commandConflictingWithAnotherNodeIsRetriedAndSucceeds() {
        start(AxonSettings.defaults().withCommandRetries(3, Duration.ofMillis(20)));
        commands.sendAndWait(new CreateCounter("c-1"));
        CounterAggregate.duringCommand = id -> {
            if (handled.incrementAndGet() == 1) {
                concurrentIncrementFromAnotherNode(id, 1);
            }
        };

        Long value = commands.sendAndWait(new IncrementCounter("c-1"));

        assertThat(handled.get()).isEqualTo(2);
        assertThat(value).isEqualTo(100L); // the retry saw the other node's event (99) and added one
        assertThat(sequenceNumbers("c-1")).containsExactly(0L, 1L, 2L);
    }

    @Test
    void withoutRetriesTheConflictReachesTheCaller() {
        start(AxonSettings.defaults().withCommandRetries(0, Duration.ZERO));
        commands.sendAndWait(new CreateCounter("c-1"));
        CounterAggregate.duringCommand = id -> {
            if (handled.incrementAndGet() == 1) {
                concurrentIncrementFromAnotherNode(id, 1);
            }
        };

        assertThatThrownBy(() -> commands.sendAndWait(new IncrementCounter("c-1")))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void nonTransientFailuresAreNotRetried() {
        start(AxonSettings.defaults().withCommandRetries(3, Duration.ofMillis(20)));
        commands.sendAndWait(new CreateCounter("c-1"));
        CounterAggregate.duringCommand = id -> {
            handled.incrementAndGet();
            throw new IllegalArgumentException("not allowed");
        };

        assertThatThrownBy(() -> commands.sendAndWait(new IncrementCounter("c-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not allowed");
        assertThat(handled.get()).isEqualTo(1);
    }

    @Test
    void creatingAnExistingAggregateFailsOnceWithoutRetry() {
        start(AxonSettings.defaults().withCommandRetries(3, Duration.ofMillis(20)));
        CounterAggregate.duringCommand = id -> handled.incrementAndGet();
        commands.sendAndWait(new CreateCounter("c-1"));

        assertThatThrownBy(() -> commands.sendAndWait(new CreateCounter("c-1")))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(handled.get()).isEqualTo(2);
    }

    @Test
    void jdbcTemplateWritesRollBackWithTheCommand() {
        start(AxonSettings.defaults().withCommandRetries(0, Duration.ZERO));
        commands.sendAndWait(new CreateCounter("c-1"));
        CounterAggregate.duringCommand = id -> {
            setup.jdbcTemplate().update("INSERT INTO audit (note) VALUES ('incrementing')");
            throw new IllegalStateException("rule violated after the write");
        };

        assertThatThrownBy(() -> commands.sendAndWait(new IncrementCounter("c-1")))
                .isInstanceOf(IllegalStateException.class);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit", Integer.class)).isZero();
        assertThat(sequenceNumbers("c-1")).containsExactly(0L);

        CounterAggregate.duringCommand = id -> setup.jdbcTemplate().update("INSERT INTO audit (note) VALUES ('ok')");
        commands.sendAndWait(new IncrementCounter("c-1"));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit", Integer.class)).isEqualTo(1);
        assertThat(sequenceNumbers("c-1")).containsExactly(0L, 1L);
    }
}
