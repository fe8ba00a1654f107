package dev.successscore.score.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.runtime.testing.TestDatabases;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * An owning service as score-service sees it: its own event store on its own database, and its
 * event feed behind an in-process gRPC server that can be stopped and started again.
 */
public final class UpstreamProducer implements AutoCloseable {

    final HikariDataSource dataSource = TestDatabases.fresh();
    final String serverName = "upstream-" + UUID.randomUUID();
    private final Configuration configuration;
    private final EventFeedServer feed;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private volatile GrpcServer server;
    private volatile GrpcServer tcpServer;

    public UpstreamProducer() {
        this(EventFeedServer.SIGNAL_EVENTS);
    }

    /** @param published the payload types the feed serves */
    UpstreamProducer(java.util.Set<Class<?>> published) {
        Migrations.migrateAxonSchema(dataSource);
        AxonSetup axon = AxonSetup.create(dataSource, Json.mapper());
        configuration = axon.configurer().buildConfiguration();
        configuration.start();
        feed = new EventFeedServer(configuration.eventStore(), axon.serializer(), published,
                FeedServerSettings.defaults());
        start();
    }

    void start() {
        server = GrpcServer.inProcess(serverName).addService(feed).build().start();
        server.markServing();
    }

    void stop() {
        server.stop(Duration.ofMillis(100));
    }

    /** Serves the feed on a TCP port as well (for a service started from its main class); returns the port. */
    int serveOverTcp() {
        tcpServer = GrpcServer.forPort(0).addService(feed).build().start();
        tcpServer.markServing();
        return tcpServer.port();
    }

    public ManagedChannel channel() {
        return InProcessChannelBuilder.forName(serverName).build();
    }

    /** Appends an event of the upstream's tenant aggregate, committed at once. */
    void publish(String tenantId, Object payload) {
        long sequence = sequences.computeIfAbsent(tenantId, id -> new AtomicLong()).getAndIncrement();
        configuration.eventStore().publish(new GenericDomainEventMessage<>("TenantAdoption", tenantId, sequence,
                payload));
    }

    /** An adoption measurement whose five weighted signals all score {@code score}. */
    static MeasurementRecordedEvent adoption(String tenantId, int n, Instant at, int score) {
        List<SignalValue> signals = List.of(
                value("license_activation", SignalKind.RATIO, score),
                value("department_coverage", SignalKind.RATIO, score),
                value("feature_breadth", SignalKind.RATIO, score),
                value("usage_frequency", SignalKind.RATIO, score),
                value("executive_exposure", SignalKind.INDICATOR, score >= 75 ? 100 : score >= 40 ? 50 : 0));
        return new MeasurementRecordedEvent(tenantId + "-m" + n, tenantId, SignalCategory.PRODUCT_ADOPTION, at,
                signals, SignalAdoptionLevel.BASIC_ADOPTION, "usage-service");
    }

    private static SignalValue value(String key, SignalKind kind, int score) {
        return new SignalValue(key, kind, score, BigDecimal.valueOf(score), BigDecimal.valueOf(100), null, key);
    }

    @Override
    public void close() {
        feed.close();
        if (server != null) {
            server.stop(Duration.ofMillis(100));
        }
        if (tcpServer != null) {
            tcpServer.stop(Duration.ofMillis(100));
        }
        configuration.shutdown();
        dataSource.close();
    }
}
