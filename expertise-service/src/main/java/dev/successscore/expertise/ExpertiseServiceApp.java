package dev.successscore.expertise;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.MigrationSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceInfrastructure;
import dev.successscore.runtime.grpc.ServiceProcess;
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
        ServiceInfrastructure infrastructure = ServiceInfrastructure.open(settings, "expertise-service",
                ExpertiseMethodRoles.ROLES, ExpertiseServiceSettings.metricsPort(settings));
        // rosters are read with expertise-service's own token (READ on the tenants it serves)
        List<ClientInterceptor> outgoing = ServiceChannels.outgoing(settings, infrastructure.registry());
        ManagedChannel usage = ServiceChannels.forTarget(own.usageTarget(), infrastructure.security())
                .intercept(outgoing)
                .build();
        try {
            ExpertiseService.SCHEMA.prepare(infrastructure.dataSource(), MigrationSettings.from(settings));
            ExpertiseService service = ExpertiseService.start(infrastructure.dataSource(), own,
                    AxonSettings.from(settings), FeedServerSettings.from(settings), usage, settings.clock(),
                    infrastructure.registry());
            return infrastructure.serve(own.port(), ExpertiseServiceSettings.probePort(settings),
                    service.grpcServices(), service.feed(), service, usage::shutdownNow);
        } catch (RuntimeException e) {
            usage.shutdownNow();
            infrastructure.close();
            throw e;
        }
    }
}
