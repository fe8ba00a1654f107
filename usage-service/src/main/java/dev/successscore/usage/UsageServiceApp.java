package dev.successscore.usage;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceInfrastructure;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.usage.grpc.UsageMethodRoles;

/** Runs usage-service, configured by environment variables only. */
public final class UsageServiceApp {

    private UsageServiceApp() {
    }

    /** Serves the service; {@code migrate} applies its schema migrations instead (see {@link ServiceProcess#main}). */
    public static void main(String[] args) throws InterruptedException {
        ServiceProcess.main(args, "usage-service", UsageService.SCHEMA, UsageServiceApp::start);
    }

    /**
     * Starts usage-service on its database and port, authenticating its callers as {@code CSS_AUTH_*} says, over
     * TLS as {@code CSS_TLS_*} say (or in plaintext with {@code CSS_INSECURE=true}), SERVING when this returns, its
     * metrics served on {@code CSS_USAGE_METRICS_PORT} (HTTPS with TLS) and, with TLS, its health in plaintext on
     * {@code CSS_USAGE_PROBE_PORT}.
     */
    public static RunningService start(Settings settings) {
        UsageServiceSettings own = UsageServiceSettings.from(settings);
        ServiceInfrastructure infrastructure = ServiceInfrastructure.open(settings, "usage-service",
                UsageMethodRoles.ROLES, UsageServiceSettings.metricsPort(settings));
        try {
            UsageService.SCHEMA.prepare(infrastructure.dataSource(), MigrationSettings.from(settings));
            UsageService service = UsageService.start(infrastructure.dataSource(), own, AxonSettings.from(settings),
                    FeedServerSettings.from(settings), settings.clock(), infrastructure.registry());
            return infrastructure.serve(own.port(), UsageServiceSettings.probePort(settings), service.grpcServices(),
                    service.feed(), service);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }
}
