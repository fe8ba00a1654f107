package dev.successscore.score;

import dev.successscore.runtime.concurrent.DaemonThreads;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.axon.CreationRaces;
import dev.successscore.runtime.db.ServiceSchema;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.metrics.EventProcessorMetrics;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.command.PolicyRollout;
import dev.successscore.score.command.StalenessSweeper;
import dev.successscore.score.command.TenantCache;
import dev.successscore.score.command.TenantDirectory;
import dev.successscore.score.command.TenantScore;
import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.score.feed.FeedMetrics;
import dev.successscore.score.feed.UpstreamFeeds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.grpc.Channel;
import java.util.Map;
import dev.successscore.score.grpc.ScoreAdminGrpcService;
import dev.successscore.score.grpc.ScoreGrpcService;
import dev.successscore.score.grpc.ScoreWatcher;
import dev.successscore.score.operations.OperatorActions;
import dev.successscore.score.operations.OperatorLog;
import dev.successscore.score.policy.DefaultPolicy;
import dev.successscore.score.policy.EventStorePolicyCatalog;
import dev.successscore.score.policy.PolicyCatalog;
import dev.successscore.score.policy.PolicyLedger;
import dev.successscore.score.policy.PublishPolicyCommand;
import dev.successscore.score.query.ReadModelRebuilder;
import dev.successscore.score.query.RecordedChanges;
import dev.successscore.score.query.ScoreProjection;
import dev.successscore.score.query.ScoreReadModel;
import dev.successscore.score.verify.HistoryVerifier;
import dev.successscore.score.verify.PolicySimulator;
import dev.successscore.score.verify.RecordedHistory;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * score-service assembled: schema migrations, Axon (tenant score, policy ledger and operator log aggregates,
 * the read-model projection in the command's transaction, the policy roll-out processor), the
 * staleness sweep, and the gRPC endpoints. {@link ScoreServiceApp} serves it; tests use it directly.
 */
public final class ScoreService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreService.class);
    public static final String SCHEMA_HISTORY = "flyway_history_score";
    /** The service's schema: the Axon tables and its own. */
    public static final ServiceSchema SCHEMA = new ServiceSchema(SCHEMA_HISTORY, "classpath:db/score");

    private final Configuration axon;
    private final AxonSetup setup;
    private final EventStorePolicyCatalog policies;
    private final ScoreReadModel readModel;
    private final TenantDirectory tenants;
    private final ReadModelRebuilder rebuilder;
    private final StalenessSweeper sweeper;
    private final ScoreGrpcService grpc;
    private final ScoreAdminGrpcService admin;
    private final HistoryVerifier verifier;
    private final TenantCache tenantCache;
    private final UpstreamFeeds feeds;
    private final MeterRegistry meters;
    /** Open watches at most; one more is refused (UNAVAILABLE, retry later). */
    public static final int MAX_WATCHES = 64;
    private final ExecutorService watchers = new ThreadPoolExecutor(0, MAX_WATCHES, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.named("score-watch"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("score-sweep"));

    private ScoreService(DataSource dataSource, ScoreServiceSettings settings, AxonSettings axonSettings,
                         Map<String, Channel> upstreams, FeedClientSettings feedSettings, Clock clock,
                         MeterRegistry meters) {
        this.meters = meters;
        SCHEMA.apply(dataSource);
        // events and snapshots are stored as canonical JSON, so a stored change is hashed from its stored bytes
        ObjectMapper json = Json.canonical();
        setup = AxonSetup.create(dataSource, json, axonSettings);
        tenants = new TenantDirectory(setup.jdbcTemplate());
        ScoreProjection projection = new ScoreProjection(setup.jdbcTemplate());
        var configurer = EventProcessorMetrics.monitor(setup.configurer(), meters);
        tenantCache = new TenantCache(settings.cachedTenants());
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(TenantScore.class)
                        .configureCache(c -> tenantCache.cache())
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                c.snapshotter(), settings.snapshotThreshold())))
                .configureAggregate(PolicyLedger.class)
                .configureAggregate(OperatorLog.class)
                .registerComponent(PolicyCatalog.class,
                        c -> new EventStorePolicyCatalog(c.eventStore(), clock, settings.policyRefresh()));
        configurer.eventProcessing(ep -> ep
                .registerSubscribingEventProcessor(ScoreProjection.GROUP)
                // publications are rare: one segment, so one token row, is enough
                .registerPooledStreamingEventProcessorConfiguration(PolicyRollout.GROUP,
                        (c, builder) -> builder.initialSegmentCount(1).batchSize(100))
                .registerEventHandler(c -> projection)
                .registerEventHandler(c -> new PolicyRollout(c.getComponent(CommandGateway.class), tenants,
                        (EventStorePolicyCatalog) c.getComponent(PolicyCatalog.class))));
        feeds = new UpstreamFeeds(upstreams, setup.serializer(), feedSettings, configurer, setup.jdbcTemplate());
        axon = configurer.buildConfiguration();
        feeds.bind(axon);
        new FeedMetrics(feeds, meters, Clock.systemUTC());
        EventProcessorMetrics.bind(axon, meters);
        policies = (EventStorePolicyCatalog) axon.getComponent(PolicyCatalog.class);
        readModel = new ScoreReadModel(setup.jdbcTemplate(), new RecordedChanges(axon.eventStore()));
        axon.start();
        publishDefaultPolicy(clock);
        feeds.policyPublished();

        RecordedHistory history = new RecordedHistory(axon.eventStore(), axon.eventSerializer());
        rebuilder = new ReadModelRebuilder(setup.newEventStorageEngine(axon.upcasterChain()), projection,
                setup.jdbcTemplate(), new TransactionTemplate(setup.platformTransactionManager()));
        sweeper = new StalenessSweeper(commands(), readModel, clock, feeds::catchingUp);
        verifier = new HistoryVerifier(history, policies);
        grpc = new ScoreGrpcService(commands(), readModel, policies, tenants, verifier, new PolicySimulator(history),
                new ScoreWatcher(axon.eventStore(), watchers), feeds, clock);
        admin = new ScoreAdminGrpcService(rebuilder, feeds,
                new OperatorActions(commands(), axon.eventStore(), clock));
        long sweepMillis = settings.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** Migrates the schema and starts score-service's Axon configuration on a database, without feeds. */
    public static ScoreService start(DataSource dataSource, ScoreServiceSettings settings, AxonSettings axonSettings,
                                     Clock clock) {
        return start(dataSource, settings, axonSettings, Map.of(), FeedClientSettings.defaults(), clock);
    }

    /**
     * Migrates the schema and starts score-service, consuming the event feed of each upstream.
     *
     * @param upstreams a channel to each owning service, by its name (usage-service, expertise-service,
     *                  health-service); the caller owns the channels
     */
    public static ScoreService start(DataSource dataSource, ScoreServiceSettings settings, AxonSettings axonSettings,
                                     Map<String, Channel> upstreams, FeedClientSettings feedSettings, Clock clock) {
        return start(dataSource, settings, axonSettings, upstreams, feedSettings, clock, new SimpleMeterRegistry());
    }

    /**
     * As {@link #start(DataSource, ScoreServiceSettings, AxonSettings, Map, FeedClientSettings, Clock)}, with its
     * metrics (feed lag, event processors, commands) in {@code meters}.
     */
    public static ScoreService start(DataSource dataSource, ScoreServiceSettings settings, AxonSettings axonSettings,
                                     Map<String, Channel> upstreams, FeedClientSettings feedSettings, Clock clock,
                                     MeterRegistry meters) {
        return new ScoreService(dataSource, settings, axonSettings, upstreams, feedSettings, clock, meters);
    }

    private void publishDefaultPolicy(Clock clock) {
        PublishPolicyCommand first = new PublishPolicyCommand(PolicyLedger.ID, DefaultPolicy.specV1(),
                "score-service", DefaultPolicy.FIRST_PUBLICATION_REQUEST_ID, clock.instant());
        // another replica starting at the same moment may create the ledger with this very publication: sending it
        // again finds it there (the request id makes the publication idempotent)
        CreationRaces.sendAndWait(commands(), first);
        policies.refresh();
    }

    private void sweepQuietly() {
        try {
            sweeper.sweep();
        } catch (RuntimeException e) {
            LOG.warn("staleness sweep failed; retrying at the next interval", e);
        }
    }

    /**
     * Applies measurements in their order in one transaction: every change they cause commits
     * together, or none does. This is how a batch of events from a feed is applied.
     */
    public void applyMeasurements(List<Measurement> measurements) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(setup.transactionManager());
        unitOfWork.execute(() -> measurements.forEach(
                m -> commands().sendAndWait(new ApplyMeasurementCommand(m.tenantId(), m))));
    }

    public CommandGateway commands() {
        return axon.commandGateway();
    }

    public EventStore eventStore() {
        return axon.eventStore();
    }

    public EventStorePolicyCatalog policies() {
        return policies;
    }

    public ScoreReadModel readModel() {
        return readModel;
    }

    public TenantDirectory tenants() {
        return tenants;
    }

    public ReadModelRebuilder rebuilder() {
        return rebuilder;
    }

    public StalenessSweeper sweeper() {
        return sweeper;
    }

    public List<io.grpc.BindableService> grpcServices() {
        return List.of(grpc, admin);
    }

    /** The tenant score repository, for loading an aggregate outside a command (benchmarks, diagnostics). */
    public org.axonframework.modelling.command.Repository<TenantScore> tenantRepository() {
        return axon.repository(TenantScore.class);
    }

    /** score-service's metrics. */
    public MeterRegistry meters() {
        return meters;
    }

    public UpstreamFeeds feeds() {
        return feeds;
    }

    public HistoryVerifier verifier() {
        return verifier;
    }

    public AxonSetup axonSetup() {
        return setup;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        watchers.shutdownNow();
        axon.shutdown();
        feeds.close();
        tenantCache.close();
    }
}
