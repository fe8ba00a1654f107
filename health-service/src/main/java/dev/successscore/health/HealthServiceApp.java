package dev.successscore.health;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceInfrastructure;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.health.grpc.HealthMethodRoles;

/** Runs health-service, configured by environment variables only. */
public final class HealthServiceApp {

    private HealthServiceApp() {
    }

    /** Serves the service; {@code migrate} applies its schema migrations instead (see {@link ServiceProcess#main}). */
    public static void main(String[] args) throws InterruptedException {
        ServiceProcess.main(args, "health-service", HealthService.SCHEMA, HealthServiceApp::start);
    }

    /**
     * Starts health-service on its database and port, authenticating its callers as {@code CSS_AUTH_*} says, over
     * TLS as {@code CSS_TLS_*} say (or in plaintext with {@code CSS_INSECURE=true}), SERVING when this returns, its
     * metrics served on {@code CSS_HEALTH_METRICS_PORT} (HTTPS with TLS) and, with TLS, its health in plaintext on
     * {@code CSS_HEALTH_PROBE_PORT}.
     */
    public static RunningService start(Settings settings) {
        HealthServiceSettings own = HealthServiceSettings.from(settings);
        ServiceInfrastructure infrastructure = ServiceInfrastructure.open(settings, "health-service",
                HealthMethodRoles.ROLES, HealthServiceSettings.metricsPort(settings));
        try {
            HealthService.SCHEMA.prepare(infrastructure.dataSource(), MigrationSettings.from(settings));
            HealthService service = HealthService.start(infrastructure.dataSource(), own, AxonSettings.from(settings),
                    FeedServerSettings.from(settings), settings.clock(), infrastructure.registry());
            return infrastructure.serve(own.port(), HealthServiceSettings.probePort(settings), service.grpcServices(),
                    service.feed(), service);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }
}
