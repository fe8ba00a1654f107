package dev.successscore.score;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.tls.TransportSecurity;
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
     * Starts score-service on its database and port, authenticating its callers as {@code CSS_AUTH_*} says, over TLS
     * as {@code CSS_TLS_*} say (or in plaintext with {@code CSS_INSECURE=true}), following the upstream feeds of
     * {@code CSS_SCORE_UPSTREAMS} with the same transport security (mutual TLS with this service's certificate);
     * SERVING when this returns, with each upstream's link reported as the health component
     * {@code upstream/<name>}, its metrics served on {@code CSS_SCORE_METRICS_PORT} (HTTPS with TLS) and,
     * with TLS, its health in plaintext on {@code CSS_SCORE_PROBE_PORT}.
     */
    public static RunningService start(Settings settings) {
        ScoreServiceSettings own = ScoreServiceSettings.from(settings);
        AuthInterceptor auth = ServiceProcess.authentication(settings, ScoreMethodRoles.ROLES);
        TransportSecurity security = ServiceProcess.transportSecurity(settings);
        ServiceMetrics metrics = null;
        Database database;
        try {
            metrics = ServiceMetrics.serve("score-service", ServiceProcess.bindAddress(settings),
                    ScoreServiceSettings.metricsPort(settings), security);
            database = Database.start(DatabaseSettings.from(settings), "score-service", metrics.registry());
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            security.close();
            throw e;
        }
        // the upstream feeds are followed with score-service's own token (READ on every tenant)
        List<ClientInterceptor> outgoing = ServiceChannels.outgoing(settings, metrics.registry());
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        own.upstreams().forEach((name, target) -> channels.put(name, ServiceChannels.forTarget(target, security)
                .intercept(outgoing)
                .build()));
        AutoCloseable closeChannels = () -> channels.values().forEach(ManagedChannel::shutdownNow);
        try {
            ScoreService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            ScoreService service = ScoreService.start(database.dataSource(), own, AxonSettings.from(settings),
                    Map.copyOf(channels), FeedClientSettings.from(settings), settings.clock(), metrics.registry());
            RunningService running = ServiceProcess.start("score-service", own.port(),
                    ScoreServiceSettings.probePort(settings), security, auth, metrics, LimitSettings.from(settings),
                    List.copyOf(service.grpcServices()), null, service, closeChannels, database);
            return running.closeFirst(new UpstreamHealthReporter(running.server(), service.feeds())
                    .start(UPSTREAM_HEALTH_PERIOD_MILLIS));
        } catch (RuntimeException e) {
            channels.values().forEach(ManagedChannel::shutdownNow);
            database.close();
            security.close();
            metrics.close();
            throw e;
        }
    }
}
