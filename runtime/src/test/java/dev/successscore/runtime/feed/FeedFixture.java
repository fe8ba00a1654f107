package dev.successscore.runtime.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.runtime.testing.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer (an Axon configuration on its own database, serving its event feed in-process) and a consumer (an
 * Axon configuration on another database whose pooled streaming processor reads the feed and writes each event it
 * applies to a table), the way two services of the suite are wired.
 */
final class FeedFixture {

    static final String GROUP = "signal-feed";
    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    private FeedFixture() {
    }

    /** Test settings: short pauses, so that outages and retries take fractions of a second. */
    static FeedClientSettings fastClientSettings() {
        return FeedClientSettings.defaults()
                .withDeadlines(Duration.ofSeconds(2), Duration.ofMinutes(1))
                .withRetries(3, 1000, Duration.ofMillis(20), Duration.ofMillis(300))
                .withBreakerOpenDuration(Duration.ofMillis(300));
    }

    static MeasurementRecordedEvent measurement(String tenant, int n) {
        return new MeasurementRecordedEvent(tenant + "-m" + n, tenant, SignalCategory.PRODUCT_ADOPTION,
                T0.plusSeconds(n),
                List.of(new SignalValue("license_activation", SignalKind.RATIO, 75, BigDecimal.valueOf(30),
                                BigDecimal.valueOf(40), null, "30 active users of 40 licensed seats"),
                        new SignalValue("usage_growth", SignalKind.GROWTH, null, BigDecimal.TEN, null, null,
                                "no baseline yet")),
                SignalAdoptionLevel.USAGE, "usage-service");
    }

    static EngagementChangedEvent engagement(String tenant, int n) {
        return new EngagementChangedEvent(tenant + "-e" + n, tenant, true, T0.plusSeconds(n),
                new BigDecimal("4.5"), new BigDecimal("12.25"), "usage-service");
    }

    /** An event the producer records but does not publish. */
    record InternalNote(String text) {
    }

    /** An event the producer publishes but (in some tests) the consumer cannot load. */
    record ProducerOnlyEvent(String tenantId, String what) {
    }

    /** The producing service. */
    static final class Producer implements AutoCloseable {

        final HikariDataSource dataSource = TestDatabases.fresh();
        final AxonSetup axon;
        final Configuration configuration;
        final EventFeedServer feed;
        final String serverName = "feed-" + UUID.randomUUID();
        private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
        private final List<Configuration> replicas = new ArrayList<>();
        private final ExecutorService holders = Executors.newCachedThreadPool();
        private volatile GrpcServer server;

        Producer(FeedServerSettings settings, Collection<Class<?>> published) {
            Migrations.migrateAxonSchema(dataSource);
            axon = AxonSetup.create(dataSource, Json.mapper());
            configuration = axon.configurer().buildConfiguration();
            configuration.start();
            feed = new EventFeedServer(configuration.eventStore(), axon.serializer(), published, settings);
            startServer();
        }

        Producer() {
            this(FeedServerSettings.defaults(), EventFeedServer.SIGNAL_EVENTS);
        }

        void startServer() {
            server = GrpcServer.inProcess(serverName).addService(feed).build().start();
            server.markServing();
        }

        void stopServer() {
            server.stop(Duration.ofMillis(100));
        }

        /** Appends {@code payload} as the next event of aggregate {@code aggregateId}, committed at once. */
        void publish(Object payload, String aggregateId) {
            configuration.eventStore().publish(domainEvent(payload, aggregateId));
        }

        void publish(MeasurementRecordedEvent event) {
            publish(event, event.tenantId());
        }

        GenericDomainEventMessage<Object> domainEvent(Object payload, String aggregateId) {
            long sequence = sequences.computeIfAbsent(aggregateId, id -> new AtomicLong()).getAndIncrement();
            return new GenericDomainEventMessage<>("TenantSignals", aggregateId, sequence, payload);
        }

        /**
         * Appends {@code payload} in a unit of work on a thread of its own and keeps its transaction open (the event
         * has its global index but is not committed) until the returned hold is released. With
         * {@code otherReplica}, the event is appended through a second event store on the same database, as by
         * another instance of the service: this one is not told about the commit and finds it by polling.
         */
        Hold hold(Object payload, String aggregateId, boolean otherReplica) throws InterruptedException {
            Configuration appender = otherReplica ? replica() : configuration;
            GenericDomainEventMessage<Object> event = domainEvent(payload, aggregateId);
            CountDownLatch inserted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> done = holders.submit(() -> {
                DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                unitOfWork.attachTransaction(axon.transactionManager());
                appender.eventStore().publish(event);
                // runs after the event store's own prepare-commit handler, which inserted the event
                unitOfWork.onPrepareCommit(u -> {
                    inserted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                unitOfWork.commit();
                return null;
            });
            if (!inserted.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the held event was not inserted");
            }
            return new Hold(release, done);
        }

        private synchronized Configuration replica() {
            if (replicas.isEmpty()) {
                Configuration replica = axon.configurer().buildConfiguration();
                replica.start();
                replicas.add(replica);
            }
            return replicas.get(0);
        }

        JdbcTemplate jdbc() {
            return axon.jdbcTemplate();
        }

        ManagedChannel newChannel() {
            return InProcessChannelBuilder.forName(serverName).build();
        }

        @Override
        public void close() {
            holders.shutdownNow();
            feed.close();
            if (server != null) {
                server.stop(Duration.ofMillis(100));
            }
            replicas.forEach(Configuration::shutdown);
            configuration.shutdown();
            dataSource.close();
        }
    }

    /** An uncommitted event; {@link #commit()} lets its transaction commit. */
    record Hold(CountDownLatch release, Future<?> done) {
        void commit() throws Exception {
            release.countDown();
            done.get(10, TimeUnit.SECONDS);
        }
    }

    /** Applies every published event it receives to a table; refuses anything else. */
    @ProcessingGroup(GROUP)
    static final class Applier {

        final JdbcTemplate jdbc;
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();

        Applier(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @EventHandler
        void on(Object payload) {
            try {
                if (payload instanceof MeasurementRecordedEvent m) {
                    jdbc.update("INSERT INTO applied_event (event_key, tenant_id, event_time) VALUES (?, ?, ?)",
                            m.measurementId(), m.tenantId(), Timestamp.from(m.measuredAt()));
                } else if (payload instanceof EngagementChangedEvent e) {
                    jdbc.update("INSERT INTO applied_event (event_key, tenant_id, event_time) VALUES (?, ?, ?)",
                            e.eventId(), e.tenantId(), Timestamp.from(e.detectedAt()));
                } else {
                    refused.incrementAndGet();
                    String type = payload instanceof UnknownSerializedType unknown
                            ? "unknown type " + unknown.serializedType() : payload.getClass().getName();
                    throw new IllegalStateException("Cannot apply " + type);
                }
            } catch (DuplicateKeyException e) {
                duplicates.incrementAndGet();
                throw e;
            }
        }
    }

    /** The consuming service. */
    static final class Consumer implements AutoCloseable {

        final HikariDataSource dataSource = TestDatabases.fresh();
        final AxonSetup axon;
        final ManagedChannel channel;
        final FeedMessageSource source;
        final Applier applier;
        final Configuration configuration;

        Consumer(Producer producer, FeedClientSettings settings, Serializer feedSerializer, EventUpcaster upcasters,
                 int segments) {
            Migrations.migrateAxonSchema(dataSource);
            axon = AxonSetup.create(dataSource, Json.mapper());
            axon.jdbcTemplate().execute("CREATE TABLE applied_event (event_key TEXT PRIMARY KEY,"
                    + " tenant_id TEXT NOT NULL, event_time TIMESTAMPTZ NOT NULL,"
                    + " applied_order BIGSERIAL NOT NULL)");
            channel = producer.newChannel();
            source = new FeedMessageSource("producer", channel,
                    feedSerializer != null ? feedSerializer : axon.serializer(), upcasters, settings);
            applier = new Applier(axon.jdbcTemplate());

            // The wiring a consuming service uses:
            Configurer configurer = axon.configurer();
            configurer.eventProcessing()
                    .registerPooledStreamingEventProcessor(GROUP, c -> source,
                            (c, builder) -> builder.initialSegmentCount(segments)
                                    .batchSize(20)
                                    .tokenClaimInterval(200)
                                    .claimExtensionThreshold(1000))
                    .registerSequencingPolicy(GROUP, c -> TenantSequencingPolicy.INSTANCE)
                    .registerEventHandler(c -> applier);
            configuration = configurer.buildConfiguration();
            configuration.start();
        }

        Consumer(Producer producer) {
            this(producer, fastClientSettings(), null, null, 2);
        }

        List<String> appliedKeys() {
            return axon.jdbcTemplate().queryForList("SELECT event_key FROM applied_event ORDER BY applied_order",
                    String.class);
        }

        int applied() {
            return axon.jdbcTemplate().queryForObject("SELECT count(*) FROM applied_event", Integer.class);
        }

        boolean hasApplied(String key) {
            return axon.jdbcTemplate().queryForObject("SELECT count(*) FROM applied_event WHERE event_key = ?",
                    Integer.class, key) == 1;
        }

        /** Event keys of one tenant in the order they were applied. */
        List<String> appliedKeysOf(String tenant) {
            return axon.jdbcTemplate().queryForList(
                    "SELECT event_key FROM applied_event WHERE tenant_id = ? ORDER BY applied_order",
                    String.class, tenant);
        }

        /** The lowest token the processor has committed over its segments ({@code null} before any). */
        TrackingToken committedToken() {
            Serializer serializer = axon.serializer();
            List<TrackingToken> tokens = axon.jdbcTemplate().query(
                    "SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                    (rs, row) -> rs.getBytes(1) == null ? null : (TrackingToken) serializer.deserialize(
                            new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null)),
                    GROUP);
            TrackingToken lowest = null;
            for (TrackingToken token : tokens) {
                if (token == null) {
                    return null;
                }
                lowest = lowest == null ? token : lowest.lowerBound(token);
            }
            return lowest;
        }

        @Override
        public void close() throws InterruptedException {
            configuration.shutdown();
            source.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            dataSource.close();
        }
    }
}
