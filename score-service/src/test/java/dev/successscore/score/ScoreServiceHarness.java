package dev.successscore.score;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.testing.TestDatabases;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.Measurement;
import com.zaxxer.hikari.HikariDataSource;
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

    public final HikariDataSource dataSource = TestDatabases.fresh();
    public final ScoreService service;
    public final GrpcServer server;
    public final ManagedChannel channel;
    public final JdbcTemplate jdbc;

    public ScoreServiceHarness(Clock clock) {
        service = ScoreService.start(dataSource, ScoreServiceSettings.defaults(), AxonSettings.defaults(), clock);
        server = GrpcServer.inProcess("score-" + UUID.randomUUID()).addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor()).build().start();
        server.markServing();
        channel = server.newChannel();
        jdbc = new JdbcTemplate(dataSource);
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
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
        service.close();
        dataSource.close();
    }
}
