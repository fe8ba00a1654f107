package dev.successscore.expertise;

import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.expertise.grpc.ExpertiseMethodRoles;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.runtime.testing.TestDatabases;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.expertise.v1.RecordCreditsResponse;

/**
 * expertise-service on a fresh embedded PostgreSQL database behind an in-process gRPC server, asking for rosters
 * over the given channel, on a clock the test moves; background measuring off ({@link #measureDue()} measures).
 */
public final class ExpertiseServiceHarness implements AutoCloseable {

    public final HikariDataSource dataSource = TestDatabases.fresh(10);
    public final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    public final MovableClock clock;
    public final ExpertiseService service;
    public final GrpcServer server;
    public final ManagedChannel channel;

    public ExpertiseServiceHarness(MovableClock clock, Channel usage) {
        this.clock = clock;
        service = ExpertiseService.start(dataSource, ExpertiseServiceSettings.defaults().forTests(),
                AxonSettings.defaults(), FeedServerSettings.defaults(), usage, clock);
        server = GrpcServer.inProcess("expertise-" + UUID.randomUUID()).addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor(),
                        AuthInterceptor.insecureWithoutAuthentication(ExpertiseMethodRoles.ROLES)).build().start();
        server.markServing();
        channel = server.newChannel();
    }

    public ExpertiseServiceGrpc.ExpertiseServiceBlockingStub expertise() {
        return ExpertiseServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Moves the clock past the measure delay and measures every due tenant. */
    public int measureDue() {
        clock.advance(Duration.ofSeconds(3));
        return service.measurements().measureDue(10_000);
    }

    public RecordCreditsResponse record(String tenantId, List<Credit> credits) {
        return expertise().recordCredits(RecordCreditsRequest.newBuilder().setTenantId(tenantId)
                .addAllCredits(credits).build());
    }

    public static Credit credit(String id, String user, CreditKind kind, Instant earnedAt) {
        return Credit.newBuilder().setCreditId(id).setUserId(user).setKind(kind).setCredentialId("cred-" + kind.getNumber())
                .setEarnedAt(ProtoTime.timestamp(earnedAt)).build();
    }

    public static Credit certification(String id, String user, Instant earnedAt, Instant expiresAt) {
        return credit(id, user, CreditKind.CREDIT_KIND_CERTIFICATION, earnedAt).toBuilder()
                .setExpiresAt(ProtoTime.timestamp(expiresAt)).build();
    }

    public long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        service.feed().close();
        server.stop(Duration.ofMillis(100));
        service.close();
        dataSource.close();
    }
}
