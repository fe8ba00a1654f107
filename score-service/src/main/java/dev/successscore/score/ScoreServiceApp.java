package dev.successscore.score;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceInfrastructure;
import dev.successscore.runtime.grpc.ServiceProcess;
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
        ServiceInfrastructure infrastructure = ServiceInfrastructure.open(settings, "score-service",
                ScoreMethodRoles.ROLES, ScoreServiceSettings.metricsPort(settings));
        // the upstream feeds are followed with score-service's own token (READ on every tenant)
        List<ClientInterceptor> outgoing = ServiceChannels.outgoing(settings, infrastructure.registry());
        Map<String, ManagedChannel> channels = new LinkedHashMap<>();
        own.upstreams().forEach((name, target) -> channels.put(name,
                ServiceChannels.forTarget(target, infrastructure.security())
                        .intercept(outgoing)
                        .build()));
        AutoCloseable closeChannels = () -> channels.values().forEach(ManagedChannel::shutdownNow);
        try {
            ScoreService.SCHEMA.prepare(infrastructure.dataSource(), MigrationSettings.from(settings));
            ScoreService service = ScoreService.start(infrastructure.dataSource(), own, AxonSettings.from(settings),
                    Map.copyOf(channels), FeedClientSettings.from(settings), settings.clock(),
                    infrastructure.registry());
            RunningService running = infrastructure.serve(own.port(), ScoreServiceSettings.probePort(settings),
                    List.copyOf(service.grpcServices()), null, service, closeChannels);
            return running.closeFirst(new UpstreamHealthReporter(running.server(), service.feeds())
                    .start(UPSTREAM_HEALTH_PERIOD_MILLIS));
        } catch (RuntimeException e) {
            channels.values().forEach(ManagedChannel::shutdownNow);
            infrastructure.close();
            throw e;
        }
    }
}
