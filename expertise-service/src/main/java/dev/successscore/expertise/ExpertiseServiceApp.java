package dev.successscore.expertise;

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
import io.grpc.ClientInterceptor;
import java.util.List;
import dev.successscore.expertise.grpc.ExpertiseMethodRoles;
import io.grpc.ManagedChannel;
import dev.successscore.runtime.grpc.ServiceChannels;

/** Runs expertise-service, configured by environment variables only. */
public final class ExpertiseServiceApp {

    private ExpertiseServiceApp() {
    }

    /** Serves the service; {@code migrate} applies its schema migrations instead (see {@link ServiceProcess#main}). */
    public static void main(String[] args) throws InterruptedException {
        ServiceProcess.main(args, "expertise-service", ExpertiseService.SCHEMA, ExpertiseServiceApp::start);
    }

    /**
     * Starts expertise-service on its database and port, authenticating its callers as {@code CSS_AUTH_*} says, over
     * TLS as {@code CSS_TLS_*} say (or in plaintext with {@code CSS_INSECURE=true}), SERVING when this returns, its
     * metrics served on {@code CSS_EXPERTISE_METRICS_PORT} (HTTPS with TLS) and, with TLS, its health in plaintext on
     * {@code CSS_EXPERTISE_PROBE_PORT}. Calls to usage-service use the same transport security (mutual TLS with
     * this service's certificate), are measured and carry the caller's trace.
     */
    public static RunningService start(Settings settings) {
        ExpertiseServiceSettings own = ExpertiseServiceSettings.from(settings);
        AuthInterceptor auth = ServiceProcess.authentication(settings, ExpertiseMethodRoles.ROLES);
        TransportSecurity security = ServiceProcess.transportSecurity(settings);
        ServiceMetrics metrics = null;
        Database database;
        try {
            metrics = ServiceMetrics.serve("expertise-service", ServiceProcess.bindAddress(settings),
                    ExpertiseServiceSettings.metricsPort(settings), security);
            database = Database.start(DatabaseSettings.from(settings), "expertise-service", metrics.registry());
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            security.close();
            throw e;
        }
        // rosters are read with expertise-service's own token (READ on the tenants it serves)
        List<ClientInterceptor> outgoing = ServiceChannels.outgoing(settings, metrics.registry());
        ManagedChannel usage = ServiceChannels.forTarget(own.usageTarget(), security)
                .intercept(outgoing)
                .build();
        try {
            ExpertiseService.SCHEMA.prepare(database.dataSource(), MigrationSettings.from(settings));
            ExpertiseService service = ExpertiseService.start(database.dataSource(), own,
                    AxonSettings.from(settings), FeedServerSettings.from(settings), usage, settings.clock(),
                    metrics.registry());
            return ServiceProcess.start("expertise-service", own.port(), ExpertiseServiceSettings.probePort(settings),
                    security, auth, metrics, LimitSettings.from(settings), service.grpcServices(), service.feed(),
                    service, usage::shutdownNow, database);
        } catch (RuntimeException e) {
            usage.shutdownNow();
            database.close();
            security.close();
            metrics.close();
            throw e;
        }
    }
}
