package dev.successscore.expertise;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs expertise-service as a process, configured by environment variables only. */
public final class ExpertiseServiceApp {

    private static final Logger LOG = LoggerFactory.getLogger(ExpertiseServiceApp.class);

    private ExpertiseServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        ExpertiseServiceSettings own = ExpertiseServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings));
        ManagedChannel usage = ManagedChannelBuilder.forTarget(own.usageTarget()).usePlaintext().build();
        ExpertiseService service = ExpertiseService.start(database.dataSource(), own, AxonSettings.from(settings),
                FeedServerSettings.from(settings), usage, Clock.systemUTC());
        GrpcServer server = GrpcServer.forPort(own.port())
                .addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor())
                .build()
                .start();
        server.markServing();
        LOG.info("expertise-service serving gRPC on port {} (health and reflection included); rosters from {}",
                server.port(), own.usageTarget());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.markNotServing();
            service.feed().close();
            server.stop(Duration.ofSeconds(10));
            service.close();
            usage.shutdownNow();
            database.close();
        }, "expertise-service-shutdown"));
        server.blockUntilShutdown();
    }
}
