package dev.successscore.runtime.axon;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.testing.TestDatabases;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AxonEventStoreTest {

    private HikariDataSource dataSource;
    private AxonSetup setup;
    private JdbcEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabases.fresh();
        Migrations.migrateAxonSchema(dataSource);
        setup = AxonSetup.create(dataSource, Json.mapper());
        engine = setup.newEventStorageEngine(null);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    private static DomainEventMessage<WidgetRegistered> event(String widgetId, long sequence) {
        return new GenericDomainEventMessage<>("Widget", widgetId, sequence,
                new WidgetRegistered(widgetId, "Widget " + sequence, Instant.parse("2025-01-31T10:15:30Z"),
                        new BigDecimal("1E+3")),
                MetaData.with("requestId", "r-" + sequence));
    }

    @Test
    void appendedEventIsReadBackWithPayloadAndMetaData() {
        engine.appendEvents(event("w-1", 0), event("w-1", 1));

        List<? extends DomainEventMessage<?>> read = engine.readEvents("w-1").asStream().toList();

        assertThat(read).hasSize(2);
        assertThat(read.get(1).getSequenceNumber()).isEqualTo(1);
        assertThat(read.get(1).getPayload()).isEqualTo(new WidgetRegistered("w-1", "Widget 1",
                Instant.parse("2025-01-31T10:15:30Z"), new BigDecimal("1000")));
        assertThat(read.get(1).getMetaData()).containsEntry("requestId", "r-1");
    }

    @Test
    void eventsAreStoredAsJsonWithTheSuiteConventions() {
        engine.appendEvents(event("w-1", 0));

        Map<String, Object> row = setup.jdbcTemplate().queryForMap(
                "SELECT payloadtype, payload FROM domainevententry WHERE aggregateidentifier = 'w-1'");

        assertThat(row.get("payloadtype")).isEqualTo(WidgetRegistered.class.getName());
        assertThat(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8))
                .contains("\"at\":\"2025-01-31T10:15:30Z\"")
                .contains("\"weight\":1000");
    }

    @Test
    void secondEventAtSequenceZeroIsAnAggregateStreamCreationConflict() {
        engine.appendEvents(event("w-1", 0));

        assertThatThrownBy(() -> engine.appendEvents(event("w-1", 0)))
                .isInstanceOf(AggregateStreamCreationException.class)
                .isNotInstanceOf(EventStoreException.class);
    }

    @Test
    void secondEventAtALaterSequenceIsAConcurrencyConflict() {
        engine.appendEvents(event("w-1", 0), event("w-1", 1));

        assertThatThrownBy(() -> engine.appendEvents(event("w-1", 1)))
                .isInstanceOf(ConcurrencyException.class)
                .isNotInstanceOf(EventStoreException.class);
        assertThat(setup.jdbcTemplate().queryForObject("SELECT count(*) FROM domainevententry", Integer.class))
                .isEqualTo(2);
    }
}
