package dev.successscore.health;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs health-service as a process, configured by environment variables only. */
public final class HealthServiceApp {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServiceApp.class);

    private HealthServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        HealthServiceSettings own = HealthServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings));
        HealthService service = HealthService.start(database.dataSource(), own, AxonSettings.from(settings),
                FeedServerSettings.from(settings), Clock.systemUTC());
        GrpcServer server = GrpcServer.forPort(own.port())
                .addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor())
                .build()
                .start();
        server.markServing();
        LOG.info("health-service serving gRPC on port {} (health and reflection included)", server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.markNotServing();
            service.feed().close();
            server.stop(Duration.ofSeconds(10));
            service.close();
            database.close();
        }, "health-service-shutdown"));
        server.blockUntilShutdown();
    }
}
