package dev.successscore.health;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.tls.TransportSecurity;
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
        AuthInterceptor auth = ServiceProcess.authentication(settings, HealthMethodRoles.ROLES);
        TransportSecurity security = ServiceProcess.transportSecurity(settings);
        ServiceMetrics metrics;
        try {
            metrics = ServiceMetrics.serve("health-service", ServiceProcess.bindAddress(settings),
                    HealthServiceSettings.metricsPort(settings), security);
        } catch (RuntimeException e) {
            security.close();
            throw e;
        }
        Database database = null;
        try {
            database = Database.start(DatabaseSettings.from(settings), "health-service", metrics.registry());
            HealthService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            HealthService service = HealthService.start(database.dataSource(), own, AxonSettings.from(settings),
                    FeedServerSettings.from(settings), settings.clock(), metrics.registry());
            return ServiceProcess.start("health-service", own.port(), HealthServiceSettings.probePort(settings),
                    security, auth, metrics, LimitSettings.from(settings), service.grpcServices(), service.feed(),
                    service, database);
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            security.close();
            metrics.close();
            throw e;
        }
    }
}
