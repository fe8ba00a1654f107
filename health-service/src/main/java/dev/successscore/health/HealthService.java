package dev.successscore.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.health.grpc.HealthGrpcService;
import dev.successscore.health.ingest.Monitoring;
import dev.successscore.health.measure.HealthMeasurements;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.measure.BackgroundMeasuring;
import dev.successscore.runtime.db.ServiceSchema;
import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.metrics.EventProcessorMetrics;
import dev.successscore.runtime.metrics.MeasurementMetrics;
import dev.successscore.runtime.measure.CategoryMeasurementLedger;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * health-service assembled: schema migrations, monitoring on plain tables, the {@link CategoryMeasurementLedger}
 * aggregate that records Technical Health measurements in the Axon event store, background measuring, the gRPC API
 * and the event feed that publishes measurements to score-service.
 */
public final class HealthService implements AutoCloseable {

    public static final String SCHEMA_HISTORY = "flyway_history_health";
    /** The service's schema: the Axon tables and its own. */
    public static final ServiceSchema SCHEMA = new ServiceSchema(SCHEMA_HISTORY, "classpath:db/health");

    private final Configuration axon;
    private final AxonSetup setup;
    private final Monitoring monitoring;
    private final HealthMeasurements measurements;
    private final HealthGrpcService grpc;
    private final EventFeedServer feed;
    private final BackgroundMeasuring background;

    private HealthService(DataSource dataSource, HealthServiceSettings settings, AxonSettings axonSettings,
                          FeedServerSettings feedSettings, Clock clock, MeterRegistry meters) {
        SCHEMA.apply(dataSource);
        ObjectMapper json = Json.canonical();
        setup = AxonSetup.create(dataSource, json, axonSettings);
        axon = EventProcessorMetrics.monitor(setup.configurer(), meters)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(CategoryMeasurementLedger.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                c.snapshotter(), settings.snapshotThreshold())))
                .buildConfiguration();
        EventProcessorMetrics.bind(axon, meters);
        axon.start();
        TransactionTemplate transactions = new TransactionTemplate(setup.platformTransactionManager());
        monitoring = new Monitoring(setup.jdbcTemplate(), transactions, clock, settings.measureDelay());
        background = new BackgroundMeasuring("health", settings.measureWorkers());
        measurements = new HealthMeasurements(setup.jdbcTemplate(), axon.commandGateway(), setup.transactionManager(),
                clock, settings.refreshAfter(), background.workers(), background.workerCount(), json,
                new MeasurementMetrics(meters));
        grpc = new HealthGrpcService(monitoring, setup.jdbcTemplate(), json, clock, settings.maxBatch());
        feed = new EventFeedServer(axon.eventStore(), setup.serializer(), EventFeedServer.SIGNAL_EVENTS, feedSettings);
        background.measureEvery(settings.measurePoll(), measurements::measureDue);
    }

    /** Migrates the schema and starts health-service on a database. */
    public static HealthService start(DataSource dataSource, HealthServiceSettings settings, AxonSettings axonSettings,
                                      FeedServerSettings feedSettings, Clock clock) {
        return start(dataSource, settings, axonSettings, feedSettings, clock, new SimpleMeterRegistry());
    }

    /**
     * As {@link #start(DataSource, HealthServiceSettings, AxonSettings, FeedServerSettings, Clock)}, measured in
     * {@code meters} (measurements, commands, event processors).
     */
    public static HealthService start(DataSource dataSource, HealthServiceSettings settings, AxonSettings axonSettings,
                                      FeedServerSettings feedSettings, Clock clock, MeterRegistry meters) {
        return new HealthService(dataSource, settings, axonSettings, feedSettings, clock, meters);
    }

    /** The gRPC services: the health API and the event feed. */
    public List<BindableService> grpcServices() {
        return List.of(grpc, feed);
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    public HealthMeasurements measurements() {
        return measurements;
    }

    public EventFeedServer feed() {
        return feed;
    }

    public AxonSetup axonSetup() {
        return setup;
    }

    @Override
    public void close() {
        background.close();
        feed.close();
        axon.shutdown();
    }
}
