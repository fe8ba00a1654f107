package dev.successscore.expertise;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.expertise.credits.Credits;
import dev.successscore.expertise.grpc.ExpertiseGrpcService;
import dev.successscore.expertise.measure.ExpertiseMeasurements;
import dev.successscore.expertise.roster.RosterSource;
import dev.successscore.expertise.roster.UsageRosterClient;
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
import io.grpc.Channel;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * expertise-service assembled: schema migrations, credits on plain tables, the roster client to usage-service
 * (with its cache), the {@link CategoryMeasurementLedger} aggregate that records Customer Expertise measurements in
 * the Axon event store, background measuring, the gRPC API and the event feed.
 */
public final class ExpertiseService implements AutoCloseable {

    public static final String SCHEMA_HISTORY = "flyway_history_expertise";
    /** The service's schema: the Axon tables and its own. */
    public static final ServiceSchema SCHEMA = new ServiceSchema(SCHEMA_HISTORY, "classpath:db/expertise");

    private final Configuration axon;
    private final AxonSetup setup;
    private final Credits credits;
    private final ExpertiseMeasurements measurements;
    private final ExpertiseGrpcService grpc;
    private final EventFeedServer feed;
    private final BackgroundMeasuring background;

    private ExpertiseService(DataSource dataSource, ExpertiseServiceSettings settings, AxonSettings axonSettings,
                             FeedServerSettings feedSettings, RosterSource rosters, Clock clock,
                             MeterRegistry meters) {
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
        credits = new Credits(setup.jdbcTemplate(), transactions, clock, settings.measureDelay());
        background = new BackgroundMeasuring("expertise", settings.measureWorkers());
        measurements = new ExpertiseMeasurements(setup.jdbcTemplate(), credits, rosters, axon.commandGateway(),
                setup.transactionManager(), setup.platformTransactionManager(), clock, settings.refreshAfter(), background.workers(), background.workerCount(),
                json, new MeasurementMetrics(meters));
        grpc = new ExpertiseGrpcService(credits, setup.jdbcTemplate(), json, clock, settings.maxBatch());
        feed = new EventFeedServer(axon.eventStore(), setup.serializer(), EventFeedServer.SIGNAL_EVENTS, feedSettings);
        background.measureEvery(settings.measurePoll(), measurements::measureDue);
        if (!settings.measurePoll().isZero()) {
            background.every(settings.discoveryInterval(), "learning tenants from usage-service",
                    measurements::discoverTenants);
        }
    }

    /**
     * Migrates the schema and starts expertise-service on a database, asking usage-service for rosters over
     * {@code usage} (the caller owns the channel).
     */
    public static ExpertiseService start(DataSource dataSource, ExpertiseServiceSettings settings,
                                         AxonSettings axonSettings, FeedServerSettings feedSettings, Channel usage,
                                         Clock clock) {
        return start(dataSource, settings, axonSettings, feedSettings, usage, clock, new SimpleMeterRegistry());
    }

    /**
     * As {@link #start(DataSource, ExpertiseServiceSettings, AxonSettings, FeedServerSettings, Channel, Clock)},
     * measured in {@code meters} (measurements, commands, event processors).
     */
    public static ExpertiseService start(DataSource dataSource, ExpertiseServiceSettings settings,
                                         AxonSettings axonSettings, FeedServerSettings feedSettings, Channel usage,
                                         Clock clock, MeterRegistry meters) {
        RosterSource rosters = new UsageRosterClient(usage, settings.rosterDeadline(), settings.rosterAttempts(),
                settings.breakerOpen());
        return new ExpertiseService(dataSource, settings, axonSettings, feedSettings, rosters, clock, meters);
    }

    /** The gRPC services: the expertise API and the event feed. */
    public List<BindableService> grpcServices() {
        return List.of(grpc, feed);
    }

    public Credits credits() {
        return credits;
    }

    public ExpertiseMeasurements measurements() {
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
