package dev.successscore.usage;

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
        AuthInterceptor auth = ServiceProcess.authentication(settings, UsageMethodRoles.ROLES);
        TransportSecurity security = ServiceProcess.transportSecurity(settings);
        ServiceMetrics metrics;
        try {
            metrics = ServiceMetrics.serve("usage-service", ServiceProcess.bindAddress(settings),
                    UsageServiceSettings.metricsPort(settings), security);
        } catch (RuntimeException e) {
            security.close();
            throw e;
        }
        Database database = null;
        try {
            database = Database.start(DatabaseSettings.from(settings), "usage-service", metrics.registry());
            UsageService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            UsageService service = UsageService.start(database.dataSource(), own, AxonSettings.from(settings),
                    FeedServerSettings.from(settings), settings.clock(), metrics.registry());
            return ServiceProcess.start("usage-service", own.port(), UsageServiceSettings.probePort(settings),
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
