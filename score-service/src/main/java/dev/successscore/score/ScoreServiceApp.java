package dev.successscore.score;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.security.AuthInterceptor;
import io.grpc.ClientInterceptor;
import dev.successscore.score.grpc.ScoreMethodRoles;
import dev.successscore.score.feed.UpstreamHealthReporter;
import io.grpc.ManagedChannel;
import dev.successscore.runtime.grpc.ServiceChannels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs score-service, configured by environment variables only. */
public final class ScoreServiceApp {

    private static final long UPSTREAM_HEALTH_PERIOD_MILLIS = 2000;

    private ScoreServiceApp() {
    }

    /** Serves the service; {@code migrate} applies its schema migrations instead (see {@link ServiceProcess#main}). */
    public static void main(String[] args) throws InterruptedException {
        ServiceProcess.main(args, "score-service", ScoreService.SCHEMA, ScoreServiceApp::start);
    }

    /**
     * Starts score-service on its database and port, authenticating its callers as {@code CSS_AUTH_*} says, following the upstream feeds of {@code CSS_SCORE_UPSTREAMS};
     * SERVING when this returns, with each upstream's link reported as the health component
     * {@code upstream/<name>}, and its metrics served on {@code CSS_SCORE_METRICS_PORT}.
     */
    public static RunningService start(Settings settings) {
        ScoreServiceSettings own = ScoreServiceSettings.from(settings);
        AuthInterceptor auth = ServiceProcess.authentication(settings, ScoreMethodRoles.ROLES);
        ServiceMetrics metrics = ServiceMetrics.serve("score-service", ServiceProcess.bindAddress(settings),
                ScoreServiceSettings.metricsPort(settings));
        Database database;
        try {
            database = Database.start(DatabaseSettings.from(settings), "score-service", metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        // the upstream feeds are followed with score-service's own token (READ on every tenant)
        List<ClientInterceptor> outgoing = ServiceChannels.outgoing(settings, metrics.registry());
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        own.upstreams().forEach((name, target) -> channels.put(name, ServiceChannels.forTarget(target)
                .intercept(outgoing)
                .build()));
        AutoCloseable closeChannels = () -> channels.values().forEach(ManagedChannel::shutdownNow);
        try {
            ScoreService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            ScoreService service = ScoreService.start(database.dataSource(), own, AxonSettings.from(settings),
                    Map.copyOf(channels), FeedClientSettings.from(settings), settings.clock(), metrics.registry());
            RunningService running = ServiceProcess.start("score-service", own.port(), auth, metrics,
                    List.copyOf(service.grpcServices()), null, service, closeChannels, database);
            return running.closeFirst(new UpstreamHealthReporter(running.server(), service.feeds())
                    .start(UPSTREAM_HEALTH_PERIOD_MILLIS));
        } catch (RuntimeException e) {
            channels.values().forEach(ManagedChannel::shutdownNow);
            database.close();
            metrics.close();
            throw e;
        }
    }
}
