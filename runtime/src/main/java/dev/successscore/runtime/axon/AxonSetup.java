package dev.successscore.runtime.axon;

import dev.successscore.runtime.concurrent.DaemonThreads;
import dev.successscore.runtime.db.LiveReplicas;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Axon Framework 4 on PostgreSQL, without Spring Boot and without Axon Server: the suite's one way to configure
 * Axon for a service.
 *
 * <p>{@link #configurer()} returns a {@link Configurer} with
 * <ul>
 *   <li>a {@link JdbcEventStorageEngine} in an embedded event store, on the tables created by
 *       {@link dev.successscore.runtime.db.Migrations#migrateAxonSchema}, whose duplicate-key errors (SQLSTATE
 *       23505) surface as {@code AggregateStreamCreationException} (sequence 0) or {@code ConcurrencyException};</li>
 *   <li>a {@link JdbcTokenStore};</li>
 *   <li>one Jackson {@link Serializer} (see {@link dev.successscore.runtime.json.Json}) for events, snapshots,
 *       messages and tokens;</li>
 *   <li>one transaction manager for everything: Spring's {@link DataSourceTransactionManager} seen by Axon as a
 *       {@link SpringTransactionManager}. Axon's JDBC access goes through {@link SpringDataSourceConnectionProvider},
 *       so the events a command appends, the token an event processor stores and every write made with
 *       {@link #jdbcTemplate()} in the same unit of work commit or roll back together;</li>
 *   <li>{@link PropagatingErrorHandler} for every processing group: a failing event handler rolls back its batch
 *       (including its read-model writes and the token) and the segment retries, instead of Axon's default of
 *       logging the error and moving on;</li>
 *   <li>pooled streaming event processors by default, whose initial token is the tail of the event store, so a
 *       new projection processes the whole history as regular events (not as a replay), and each of whose
 *       replicas claims its {@linkplain FairShareOfSegments fair share} of the segments, so replicas share the
 *       work;</li>
 *   <li>a command gateway that re-dispatches commands failing with a {@linkplain TransientFailures transient}
 *       error, such as a {@code ConcurrencyException} when two nodes change one aggregate at the same time.</li>
 * </ul>
 *
 * <p><b>Read models</b>: event handlers should write with {@link #jdbcTemplate()} (or a {@code JdbcTemplate} of
 * their own over the same {@code DataSource}). Spring binds the unit of work's connection to the thread, and
 * {@code JdbcTemplate} finds it through {@code DataSourceUtils}; a plain {@code dataSource.getConnection()} would
 * not take part in the transaction.
 *
 * <pre>{@code
 * AxonSetup axon = AxonSetup.create(database.dataSource(), Json.mapper(), AxonSettings.from(settings));
 * Configuration configuration = axon.configurer()
 *         .configureAggregate(ScorePolicy.class)
 *         .eventProcessing(ep -> ep.registerEventHandler(c -> new ScoreProjection(axon.jdbcTemplate())))
 *         .buildConfiguration();
 * configuration.start();
 * }</pre>
 */
public final class AxonSetup {

    private final DataSource dataSource;
    private final AxonSettings settings;
    private final DataSourceTransactionManager platformTransactionManager;
    private final SpringTransactionManager transactionManager;
    private final JdbcTemplate jdbcTemplate;
    private final Serializer serializer;
    private final FairShareOfSegments fairShare;
    private final String nodeId;

    private AxonSetup(DataSource dataSource, ObjectMapper objectMapper, AxonSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.platformTransactionManager = new DataSourceTransactionManager(dataSource);
        this.transactionManager = new SpringTransactionManager(platformTransactionManager);
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        // Axon's JacksonSerializer registers its own module on the mapper it is given: hand it a copy.
        this.serializer = JacksonSerializer.builder().objectMapper(objectMapper.copy()).build();
        this.fairShare = new FairShareOfSegments(new LiveReplicas(dataSource), jdbcTemplate);
        this.nodeId = nodeIdOf(jdbcTemplate);
    }

    /** A setup with {@linkplain AxonSettings#defaults() default settings}. */
    public static AxonSetup create(DataSource dataSource, ObjectMapper objectMapper) {
        return create(dataSource, objectMapper, AxonSettings.defaults());
    }

    /** A setup over {@code dataSource}, serializing with (a copy of) {@code objectMapper}. */
    public static AxonSetup create(DataSource dataSource, ObjectMapper objectMapper, AxonSettings settings) {
        return new AxonSetup(dataSource, objectMapper, settings);
    }

    /**
     * A new configurer with the components described above; add aggregates, handlers and processors, then build
     * and start it. Each call returns an independent configurer sharing this setup's transaction manager.
     */
    public Configurer configurer() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureTransactionManager(c -> transactionManager)
                .configureEmbeddedEventStore(c -> newEventStorageEngine(c.upcasterChain()))
                .registerComponent(CommandGateway.class, this::commandGateway);
        configurer.eventProcessing()
                .registerTokenStore(c -> newTokenStore())
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .usingPooledStreamingEventProcessors()
                .registerPooledStreamingEventProcessorConfiguration(
                        (c, builder) -> builder.initialToken(StreamableMessageSource::createTailToken)
                                .maxSegmentProvider(fairShare));
        return configurer;
    }

    /**
     * A new event storage engine on the Axon tables, reading events through {@code upcasterChain}, waiting for late
     * commits as {@link AxonSettings#gapTimeout()} and {@link AxonSettings#maxGapOffset()} say.
     */
    public JdbcEventStorageEngine newEventStorageEngine(EventUpcaster upcasterChain) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider())
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(upcasterChain == null ? NoOpEventUpcaster.INSTANCE : upcasterChain)
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .batchSize(settings.eventBatchSize())
                .gapTimeout((int) settings.gapTimeout().toMillis())
                .maxGapOffset(settings.maxGapOffset())
                .build();
    }

    /**
     * A new token store on the Axon {@code tokenentry} table. Its claims are owned by {@link #nodeId()}, so the
     * table shows which replica holds which segment.
     */
    public JdbcTokenStore newTokenStore() {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider())
                .serializer(serializer)
                .nodeId(nodeId)
                .build();
    }

    /**
     * The name this process's event processors claim segments under: its connections' {@code application_name}
     * ({@code <service>/<instance>}, see {@link LiveReplicas}) when they have one, otherwise the JVM's name with a
     * random suffix; unique to this setup either way.
     */
    public String nodeId() {
        return nodeId;
    }

    private static String nodeIdOf(JdbcTemplate jdbc) {
        String applicationName = jdbc.queryForObject("SELECT current_setting('application_name')", String.class);
        if (applicationName != null && applicationName.contains("/")) {
            return applicationName;
        }
        return LiveReplicas.applicationName(ManagementFactory.getRuntimeMXBean().getName());
    }

    /** The Spring transaction manager over the data source; use it for transactions outside Axon. */
    public PlatformTransactionManager platformTransactionManager() {
        return platformTransactionManager;
    }

    /** The same transaction manager as Axon sees it. */
    public TransactionManager transactionManager() {
        return transactionManager;
    }

    /** A {@code JdbcTemplate} that joins the current Axon unit of work's transaction; use it for read models. */
    public JdbcTemplate jdbcTemplate() {
        return jdbcTemplate;
    }

    /** The Jackson serializer of events, snapshots, messages and tokens. */
    public Serializer serializer() {
        return serializer;
    }

    /** The data source everything runs on. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The settings this setup was created with. */
    public AxonSettings settings() {
        return settings;
    }

    private ConnectionProvider connectionProvider() {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    private CommandGateway commandGateway(Configuration configuration) {
        DefaultCommandGateway.Builder gateway = DefaultCommandGateway.builder().commandBus(configuration.commandBus());
        if (settings.commandRetries() > 0) {
            ScheduledExecutorService retryExecutor = Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("command-retry"));
            configuration.onShutdown(retryExecutor::shutdown);
            gateway.retryScheduler(new TransientFailureRetryScheduler(IntervalRetryScheduler.builder()
                    .retryExecutor(retryExecutor)
                    .maxRetryCount(settings.commandRetries())
                    .retryInterval((int) settings.commandRetryInterval().toMillis())));
        }
        return gateway.build();
    }
}
