package dev.successscore.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.measure.BackgroundMeasuring;
import dev.successscore.runtime.db.ServiceSchema;
import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.metrics.EventProcessorMetrics;
import dev.successscore.runtime.metrics.MeasurementMetrics;
import dev.successscore.usage.command.TenantAdoption;
import dev.successscore.usage.directory.Directory;
import dev.successscore.usage.grpc.UsageGrpcService;
import dev.successscore.usage.ingest.ActivityIngest;
import dev.successscore.usage.measure.AdoptionMeasurements;
import dev.successscore.usage.measure.RetentionPurge;
import dev.successscore.usage.measure.UsageFactsReader;
import dev.successscore.usage.query.AdoptionProjection;
import dev.successscore.usage.query.AdoptionReadModel;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * usage-service assembled: schema migrations, the directory and activity ingest on plain tables, the
 * {@link TenantAdoption} aggregate that records measurements in the Axon event store, the projection of recorded
 * measurements (in the recording transaction), background measuring and retention, the gRPC API and the event
 * feed that publishes measurements to score-service. {@link UsageServiceApp} serves it; tests use it directly.
 */
public final class UsageService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageService.class);
    public static final String SCHEMA_HISTORY = "flyway_history_usage";
    /** The service's schema: the Axon tables and its own. */
    public static final ServiceSchema SCHEMA = new ServiceSchema(SCHEMA_HISTORY, "classpath:db/usage");

    private final Configuration axon;
    private final AxonSetup setup;
    private final Directory directory;
    private final ActivityIngest ingest;
    private final AdoptionMeasurements measurements;
    private final AdoptionReadModel readModel;
    private final RetentionPurge purge;
    private final UsageGrpcService grpc;
    private final EventFeedServer feed;
    private final BackgroundMeasuring background;

    private UsageService(DataSource dataSource, UsageServiceSettings settings, AxonSettings axonSettings,
                         FeedServerSettings feedSettings, Clock clock, MeterRegistry meters) {
        SCHEMA.apply(dataSource);
        ObjectMapper json = Json.canonical();
        setup = AxonSetup.create(dataSource, json, axonSettings);
        var configurer = EventProcessorMetrics.monitor(setup.configurer(), meters);
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(TenantAdoption.class)
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        c.snapshotter(), settings.snapshotThreshold())));
        AdoptionProjection projection = new AdoptionProjection(setup.jdbcTemplate(), json);
        configurer.eventProcessing(ep -> ep
                .registerSubscribingEventProcessor(AdoptionProjection.GROUP)
                .registerEventHandler(c -> projection));
        axon = configurer.buildConfiguration();
        EventProcessorMetrics.bind(axon, meters);
        axon.start();

        TransactionTemplate transactions = new TransactionTemplate(setup.platformTransactionManager());
        directory = new Directory(setup.jdbcTemplate(), transactions, clock, settings.measureDelay());
        ingest = new ActivityIngest(setup.jdbcTemplate(), transactions, directory, clock,
                settings.activityRetention(), settings.measureDelay(), settings.maxBatch());
        background = new BackgroundMeasuring("usage", settings.measureWorkers());
        measurements = new AdoptionMeasurements(setup.jdbcTemplate(), new UsageFactsReader(setup.jdbcTemplate()),
                axon.commandGateway(), setup.transactionManager(), clock, settings.refreshAfter(), background.workers(),
                background.workerCount(), json, new MeasurementMetrics(meters));
        readModel = new AdoptionReadModel(setup.jdbcTemplate(), json);
        purge = new RetentionPurge(setup.jdbcTemplate(), clock, settings.activityRetention());
        grpc = new UsageGrpcService(directory, ingest, readModel);
        feed = new EventFeedServer(axon.eventStore(), setup.serializer(), EventFeedServer.SIGNAL_EVENTS, feedSettings);

        background.measureEvery(settings.measurePoll(), measurements::measureDue);
        background.every(settings.purgeInterval(), "deleting activity past retention", () -> {
            long deleted = purge.purge();
            if (deleted > 0) {
                LOG.info("deleted {} rows of activity past retention", deleted);
            }
        });
    }

    /** Migrates the schema and starts usage-service on a database. */
    public static UsageService start(DataSource dataSource, UsageServiceSettings settings, AxonSettings axonSettings,
                                     FeedServerSettings feedSettings, Clock clock) {
        return start(dataSource, settings, axonSettings, feedSettings, clock, new SimpleMeterRegistry());
    }

    /**
     * As {@link #start(DataSource, UsageServiceSettings, AxonSettings, FeedServerSettings, Clock)}, measured in
     * {@code meters} (measurements, commands, event processors).
     */
    public static UsageService start(DataSource dataSource, UsageServiceSettings settings, AxonSettings axonSettings,
                                     FeedServerSettings feedSettings, Clock clock, MeterRegistry meters) {
        return new UsageService(dataSource, settings, axonSettings, feedSettings, clock, meters);
    }

    /** The gRPC services: the usage API and the event feed. */
    public List<BindableService> grpcServices() {
        return List.of(grpc, feed);
    }

    public Directory directory() {
        return directory;
    }

    public ActivityIngest ingest() {
        return ingest;
    }

    public AdoptionMeasurements measurements() {
        return measurements;
    }

    public AdoptionReadModel readModel() {
        return readModel;
    }

    public RetentionPurge purge() {
        return purge;
    }

    public EventFeedServer feed() {
        return feed;
    }

    public AxonSetup axonSetup() {
        return setup;
    }

    public Configuration axon() {
        return axon;
    }

    @Override
    public void close() {
        background.close();
        feed.close();
        axon.shutdown();
    }
}
