package dev.successscore.usage;

import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.usage.grpc.UsageMethodRoles;
import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.runtime.testing.TestDatabases;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.usage.v1.Activity;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service on a fresh embedded PostgreSQL database behind an in-process gRPC server, on a clock the test
 * moves. Background measuring is off: a test measures when it says so ({@link #measureDue()}).
 */
public final class UsageServiceHarness implements AutoCloseable {

    public final HikariDataSource dataSource = TestDatabases.fresh(10);
    private final Duration measureDelay;
    public final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    public final MovableClock clock;
    public final UsageService service;
    public final GrpcServer server;
    public final ManagedChannel channel;

    public UsageServiceHarness(Instant now) {
        this(now, UsageServiceSettings.defaults().withoutBackgroundMeasuring());
    }

    public UsageServiceHarness(Instant now, UsageServiceSettings settings) {
        this(new MovableClock(now), settings);
    }

    /** usage-service on the given clock, with the given settings (background measuring included, if on). */
    public UsageServiceHarness(MovableClock clock, UsageServiceSettings settings) {
        this.clock = clock;
        this.measureDelay = settings.measureDelay();
        service = UsageService.start(dataSource, settings, AxonSettings.defaults(), FeedServerSettings.defaults(),
                clock);
        server = GrpcServer.inProcess("usage-" + UUID.randomUUID()).addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor(),
                        AuthInterceptor.insecureWithoutAuthentication(UsageMethodRoles.ROLES)).build().start();
        server.markServing();
        channel = server.newChannel();
    }

    public UsageServiceGrpc.UsageServiceBlockingStub usage() {
        return UsageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** A little more than the re-measure delay. */
    public Duration pastMeasureDelay() {
        return measureDelay.plusSeconds(1);
    }

    /** Moves the clock past the measure delay and measures every due tenant. */
    public int measureDue() {
        clock.advance(pastMeasureDelay());
        return service.measurements().measureDue(10_000);
    }

    public void entitle(String tenantId, int seats, List<String> features) {
        usage().setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId(tenantId).setLicensedSeats(seats)
                .addAllEnabledFeatures(features).build());
    }

    public void register(String tenantId, String userId, String department, OrgLevel level) {
        usage().registerUser(RegisterUserRequest.newBuilder().setTenantId(tenantId).setUserId(userId)
                .setDepartment(department).setOrgLevel(level).build());
    }

    public RecordActivitiesResponse record(String tenantId, List<Activity> activities) {
        return usage().recordActivities(RecordActivitiesRequest.newBuilder().setTenantId(tenantId)
                .addAllActivities(activities).build());
    }

    public static Activity activity(String id, String user, String feature, Instant at) {
        return Activity.newBuilder().setActivityId(id).setUserId(user).setFeature(feature)
                .setOccurredAt(ProtoTime.timestamp(at)).build();
    }

    public static Timestamp ts(Instant at) {
        return ProtoTime.timestamp(at);
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
