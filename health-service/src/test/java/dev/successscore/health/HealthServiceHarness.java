package dev.successscore.health;

import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.health.grpc.HealthMethodRoles;
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
import successscore.health.v1.Alert;
import successscore.health.v1.AlertKind;
import successscore.health.v1.EnrollMonitoringRequest;
import successscore.health.v1.HealthServiceGrpc;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportAlertsResponse;
import successscore.health.v1.ReportHeartbeatRequest;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;

/**
 * health-service on a fresh embedded PostgreSQL database behind an in-process gRPC server, on a clock the test
 * moves; background measuring off ({@link #measureDue()} measures).
 */
public final class HealthServiceHarness implements AutoCloseable {

    public static final List<Subcategory> ALL = List.of(Subcategory.SUBCATEGORY_PERFORMANCE,
            Subcategory.SUBCATEGORY_RELIABILITY, Subcategory.SUBCATEGORY_SECURITY, Subcategory.SUBCATEGORY_LIMITS);

    public final HikariDataSource dataSource = TestDatabases.fresh(10);
    public final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    public final MovableClock clock;
    public final HealthService service;
    public final GrpcServer server;
    public final ManagedChannel channel;

    public HealthServiceHarness(MovableClock clock) {
        this.clock = clock;
        service = HealthService.start(dataSource, HealthServiceSettings.defaults().withoutBackgroundMeasuring(),
                AxonSettings.defaults(), FeedServerSettings.defaults(), clock);
        server = GrpcServer.inProcess("health-" + UUID.randomUUID()).addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor(),
                        AuthInterceptor.insecureWithoutAuthentication(HealthMethodRoles.ROLES)).build().start();
        server.markServing();
        channel = server.newChannel();
    }

    public HealthServiceGrpc.HealthServiceBlockingStub health() {
        return HealthServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Moves the clock past the measure delay and measures every due tenant. */
    public int measureDue() {
        clock.advance(Duration.ofSeconds(3));
        return service.measurements().measureDue(10_000);
    }

    public void enroll(String tenantId, List<Subcategory> subcategories) {
        health().enrollMonitoring(EnrollMonitoringRequest.newBuilder().setTenantId(tenantId)
                .addAllSubcategories(subcategories).build());
    }

    public void heartbeat(String tenantId, List<Subcategory> subcategories) {
        health().reportHeartbeat(ReportHeartbeatRequest.newBuilder().setTenantId(tenantId)
                .addAllSubcategories(subcategories).setObservedAt(ProtoTime.timestamp(clock.instant())).build());
    }

    public ReportAlertsResponse report(String tenantId, List<Alert> alerts) {
        return health().reportAlerts(ReportAlertsRequest.newBuilder().setTenantId(tenantId).addAllAlerts(alerts)
                .build());
    }

    public static Alert alert(String id, Subcategory subcategory, Severity severity, Instant openedAt) {
        return Alert.newBuilder().setAlertId(id).setKind(AlertKind.ALERT_KIND_ALERT).setSubcategory(subcategory)
                .setSeverity(severity).setOpenedAt(ProtoTime.timestamp(openedAt)).build();
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
