package dev.successscore.runtime.grpc;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.tls.TransportSecurity;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What every service process stands on, opened from its settings in this order: caller authentication
 * ({@code CSS_AUTH_*}), transport security ({@code CSS_TLS_*} or {@code CSS_INSECURE}), its metrics endpoint (on
 * {@code CSS_BIND_ADDRESS}, over HTTPS with TLS) and its database. A service builds itself on these, then
 * {@linkplain #serve serves}; if it fails before serving, {@link #close()} closes what was opened.
 *
 * <pre>{@code
 * ServiceInfrastructure infrastructure = ServiceInfrastructure.open(settings, "usage-service",
 *         UsageMethodRoles.ROLES, UsageServiceSettings.metricsPort(settings));
 * try {
 *     UsageService service = UsageService.start(infrastructure.dataSource(), ...);
 *     return infrastructure.serve(own.port(), UsageServiceSettings.probePort(settings), service.grpcServices(),
 *             service.feed(), service);
 * } catch (RuntimeException e) {
 *     infrastructure.close();
 *     throw e;
 * }
 * }</pre>
 */
public final class ServiceInfrastructure implements AutoCloseable {

    private final String name;
    private final Settings settings;
    private final AuthInterceptor auth;
    private final TransportSecurity security;
    private final ServiceMetrics metrics;
    private final Database database;

    private ServiceInfrastructure(String name, Settings settings, AuthInterceptor auth, TransportSecurity security,
                                  ServiceMetrics metrics, Database database) {
        this.name = name;
        this.settings = settings;
        this.auth = auth;
        this.security = security;
        this.metrics = metrics;
        this.database = database;
    }

    /**
     * Opens the infrastructure of the service {@code name}, whose RPCs require {@code roles}, with its metrics on
     * {@code metricsPort}; what was opened is closed again when a later part fails.
     *
     * @throws IllegalArgumentException naming a missing or invalid setting (authentication, TLS, bind address)
     */
    public static ServiceInfrastructure open(Settings settings, String name, MethodRoles roles, int metricsPort) {
        AuthInterceptor auth = ServiceProcess.authentication(settings, roles);
        TransportSecurity security = ServiceProcess.transportSecurity(settings);
        ServiceMetrics metrics = null;
        try {
            metrics = ServiceMetrics.serve(name, ServiceProcess.bindAddress(settings), metricsPort, security);
            Database database = Database.start(DatabaseSettings.from(settings), name, metrics.registry());
            return new ServiceInfrastructure(name, settings, auth, security, metrics, database);
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            security.close();
            throw e;
        }
    }

    /** The transport security of the service's server, and of its channels to other services. */
    public TransportSecurity security() {
        return security;
    }

    /** The registry the service records its metrics in. */
    public MeterRegistry registry() {
        return metrics.registry();
    }

    /** The service's database. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /**
     * Serves {@code services} on {@code port} (and, with TLS, health on {@code probePort}) with the resource limits
     * of the settings, and reports SERVING (see {@link ServiceProcess#start}). Once running, the running service
     * closes {@code resources} in order, then the database, the transport security and the metrics.
     */
    public RunningService serve(int port, int probePort, List<BindableService> services, EventFeedServer feed,
                                AutoCloseable... resources) {
        List<AutoCloseable> closed = new ArrayList<>(List.of(resources));
        closed.add(database);
        return ServiceProcess.start(name, port, probePort, security, auth, metrics, LimitSettings.from(settings),
                services, feed, closed.toArray(AutoCloseable[]::new));
    }

    /** Closes the database, the transport security and the metrics: for a service that failed before serving. */
    @Override
    public void close() {
        database.close();
        security.close();
        metrics.close();
    }
}
