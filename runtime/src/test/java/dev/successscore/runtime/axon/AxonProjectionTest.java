package dev.successscore.runtime.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.testing.TestDatabases;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class AxonProjectionTest {

    private static final String GROUP = "widgets";

    private HikariDataSource dataSource;
    private AxonSetup setup;
    private JdbcTemplate jdbc;
    private Configuration configuration;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabases.fresh();
        Migrations.migrateAxonSchema(dataSource);
        setup = AxonSetup.create(dataSource, Json.mapper());
        jdbc = setup.jdbcTemplate();
        jdbc.execute("CREATE TABLE widget_view (widget_id TEXT PRIMARY KEY, name TEXT NOT NULL)");
        setup.newEventStorageEngine(null).appendEvents(
                new GenericDomainEventMessage<>("Widget", "w-1", 0, new WidgetRegistered("w-1", "first",
                        Instant.parse("2025-01-31T10:15:30Z"), BigDecimal.ONE)),
                new GenericDomainEventMessage<>("Widget", "w-2", 0, new WidgetRegistered("w-2", "second",
                        Instant.parse("2025-01-31T10:15:31Z"), BigDecimal.TEN)));
    }

    @AfterEach
    void tearDown() {
        if (configuration != null) {
            configuration.shutdown();
        }
        dataSource.close();
    }

    /** Writes each widget to the read model, then fails while {@link #failing} is set. */
    @ProcessingGroup(GROUP)
    static final class WidgetProjection {
        final AtomicInteger attempts = new AtomicInteger();
        final JdbcTemplate jdbc;
        volatile boolean failing;

        WidgetProjection(JdbcTemplate jdbc, boolean failing) {
            this.jdbc = jdbc;
            this.failing = failing;
        }

        @EventHandler
        @DisallowReplay
        void on(WidgetRegistered event) {
            attempts.incrementAndGet();
            jdbc.update("INSERT INTO widget_view (widget_id, name) VALUES (?, ?)", event.widgetId(), event.name());
            if (failing) {
                throw new IllegalStateException("read model update failed after its insert");
            }
        }
    }

    private Configurer configurer(WidgetProjection projection) {
        Configurer configurer = setup.configurer();
        configurer.eventProcessing()
                .registerPooledStreamingEventProcessor(GROUP, Configuration::eventStore,
                        (c, builder) -> builder.initialSegmentCount(1).tokenClaimInterval(100))
                .registerEventHandler(c -> projection);
        return configurer;
    }

    private void start(Configurer configurer) {
        configuration = configurer.buildConfiguration();
        configuration.start();
    }

    private int rows() {
        return jdbc.queryForObject("SELECT count(*) FROM widget_view", Integer.class);
    }

    /** Global index of the last event the processor has committed, -1 before any. */
    private long committedTokenIndex() {
        List<String> tokens = jdbc.queryForList(
                "SELECT convert_from(token, 'UTF8') FROM tokenentry WHERE processorname = ?", String.class, GROUP);
        if (tokens.isEmpty() || tokens.get(0) == null) {
            return -1;
        }
        try {
            JsonNode token = Json.mapper().readTree(tokens.get(0));
            return token.path("index").asLong(-1);
        } catch (Exception e) {
            throw new AssertionError("Unreadable token " + tokens.get(0), e);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void failingHandlerLeavesNeitherItsRowNorAnAdvancedToken() throws Exception {
        WidgetProjection projection = new WidgetProjection(jdbc, true);
        start(configurer(projection));

        // A second attempt means the first one has been rolled back and the segment retried.
        await(() -> projection.attempts.get() >= 2, Duration.ofSeconds(10));

        assertThat(rows()).isZero();
        assertThat(committedTokenIndex()).isLessThan(1);

        projection.failing = false;
        await(() -> rows() == 2, Duration.ofSeconds(10));
        await(() -> committedTokenIndex() == 2, Duration.ofSeconds(10));
        assertThat(jdbc.queryForList("SELECT name FROM widget_view ORDER BY widget_id", String.class))
                .containsExactly("first", "second");
    }

    @Test
    void withAxonsLoggingErrorHandlerTheSameFailureWouldLoseTheEvent() throws Exception {
        WidgetProjection projection = new WidgetProjection(jdbc, true);
        Configurer configurer = configurer(projection);
        configurer.eventProcessing().registerListenerInvocationErrorHandler(GROUP, c -> new LoggingErrorHandler());
        start(configurer);

        await(() -> committedTokenIndex() == 2, Duration.ofSeconds(10));

        assertThat(rows()).isEqualTo(2);
        assertThat(projection.attempts.get()).isEqualTo(2);
    }

    @Test
    void newProcessorStartsAtTheTailWithoutTreatingHistoryAsAReplay() throws Exception {
        WidgetProjection projection = new WidgetProjection(jdbc, false);
        Configurer configurer = setup.configurer();
        configurer.eventProcessing().registerEventHandler(c -> projection);
        start(configurer);

        await(() -> rows() == 2, Duration.ofSeconds(10));

        assertThat(configuration.eventProcessingConfiguration().eventProcessor(GROUP))
                .get().extracting(p -> p.getClass().getSimpleName()).isEqualTo("PooledStreamingEventProcessor");
    }
}
