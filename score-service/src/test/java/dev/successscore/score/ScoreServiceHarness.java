package dev.successscore.score;

import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.score.grpc.ScoreMethodRoles;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.testing.TestDatabases;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.Measurement;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.feed.FeedClientSettings;
import io.grpc.Channel;
import java.util.Map;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.score.v1.ScoreAdminServiceGrpc;
import successscore.score.v1.ScoreServiceGrpc;

/**
 * score-service on a fresh embedded PostgreSQL database behind an in-process gRPC server, with
 * real stubs. Measurements enter through the aggregate's commands.
 */
public final class ScoreServiceHarness implements AutoCloseable {

    /** Retries and breakers tuned for tests: a dropped upstream is noticed and rejoined within a second. */
    public static final FeedClientSettings FAST_FEEDS = FeedClientSettings.defaults()
            .withRetries(3, 1000, Duration.ofMillis(20), Duration.ofMillis(200))
            .withBreakerOpenDuration(Duration.ofMillis(300));

    /** As many connections as the service's default pool: processors, sweeps and calls share it. */
    public final HikariDataSource dataSource = TestDatabases.fresh(10);
    public final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final Clock clock;
    private final Map<String, Channel> upstreams;
    public volatile ScoreService service;
    public volatile GrpcServer server;
    public volatile ManagedChannel channel;

    public ScoreServiceHarness(Clock clock) {
        this(clock, Map.of());
    }

    /** score-service consuming the feeds of the given upstreams, by name. */
    public ScoreServiceHarness(Clock clock, Map<String, Channel> upstreams) {
        this.clock = clock;
        this.upstreams = Map.copyOf(upstreams);
        startService();
    }

    private void startService() {
        service = ScoreService.start(dataSource, ScoreServiceSettings.defaults(), AxonSettings.defaults(), upstreams,
                FAST_FEEDS, clock);
        server = GrpcServer.inProcess("score-" + UUID.randomUUID()).addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor(),
                        AuthInterceptor.insecureWithoutAuthentication(ScoreMethodRoles.ROLES)).build().start();
        server.markServing();
        channel = server.newChannel();
    }

    /** Stops score-service wherever it is, and starts it again on the same database. */
    public void restartService() {
        stopService();
        startService();
    }

    private void stopService() {
        channel.shutdownNow();
        server.stop(Duration.ofMillis(100));
        service.close();
    }

    /** Each tenant's hash chain, from the read model: tenant -> hashes in position order. */
    public Map<String, String> hashChains() {
        Map<String, String> chains = new java.util.TreeMap<>();
        jdbc.query("SELECT tenant_id, string_agg(hash, ',' ORDER BY position) FROM score_change GROUP BY tenant_id",
                rs -> {
                    chains.put(rs.getString(1), rs.getString(2));
                });
        return chains;
    }

    public int changeCount() {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM score_change", Integer.class);
        return count == null ? 0 : count;
    }

    public ScoreServiceGrpc.ScoreServiceBlockingStub scores() {
        return ScoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public ScoreAdminServiceGrpc.ScoreAdminServiceBlockingStub admin() {
        return ScoreAdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public void measure(Measurement m) {
        service.commands().sendAndWait(new ApplyMeasurementCommand(m.tenantId(), m));
    }

    @Override
    public void close() {
        stopService();
        dataSource.close();
    }
}
