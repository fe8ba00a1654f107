package dev.successscore.score;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import java.time.Clock;
import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.score.feed.UpstreamHealthReporter;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs score-service as a process, configured by environment variables only. */
public final class ScoreServiceApp {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreServiceApp.class);

    private ScoreServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        ScoreServiceSettings own = ScoreServiceSettings.from(settings);
        Database database = Database.start(DatabaseSettings.from(settings));
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        own.upstreams().forEach((name, target) ->
                channels.put(name, ManagedChannelBuilder.forTarget(target).usePlaintext().build()));
        ScoreService service = ScoreService.start(database.dataSource(), own, AxonSettings.from(settings),
                Map.copyOf(channels), FeedClientSettings.from(settings), Clock.systemUTC());
        GrpcServer server = GrpcServer.forPort(own.port())
                .addServices(service.grpcServices())
                .intercept(new ErrorMappingInterceptor())
                .build()
                .start();
        if (settings.bool("CSS_SCORE_DEMO", false) && service.tenants().tenantIds().isEmpty()) {
            service.applyMeasurements(DemoData.measurements(Clock.systemUTC().instant()));
            LOG.info("demo tenants loaded: acme, globex, hooli, initech, umbrella");
        }
        server.markServing();
        LOG.info("score-service serving gRPC on port {} (health and reflection included)", server.port());
        UpstreamHealthReporter health = new UpstreamHealthReporter(server, service.feeds()).start(2000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            health.close();
            server.stop(Duration.ofSeconds(10));
            service.close();
            channels.values().forEach(ManagedChannel::shutdownNow);
            database.close();
        }, "score-service-shutdown"));
        server.blockUntilShutdown();
    }
}
