package dev.successscore.runtime.grpc;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.MigrationSettings;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import dev.successscore.runtime.db.ServiceSchema;
import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.metrics.GrpcMetrics;
import dev.successscore.runtime.metrics.ServiceMetrics;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.security.AuthSettings;
import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import io.grpc.BindableService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a service: its gRPC services (with the error mapping, resource limits, caller authentication, call
 * metrics and the logging context) on a port, over TLS or, when asked for explicitly, in plaintext,
 * SERVING once started, and when stopped NOT_SERVING, its event feed's streams ended, a graceful stop, then its
 * resources closed in order, its transport security, and its metrics endpoint last. A TLS server also serves the
 * health service alone in plaintext on a probe port, for Kubernetes' gRPC probes.
 *
 * <p>{@link #start} serves inside the current process (the local suite runs four services in one JVM);
 * {@link #serveUntilShutdown} runs one service as a process that Ctrl-C or SIGTERM stops.
 */
public final class ServiceProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    /**
     * The address a service listens on, its gRPC port and its metrics port alike: an IP address or host name of this
     * machine, e.g. {@code 127.0.0.1} to be reachable from this machine only; unset, every interface.
     */
    public static final String BIND_ADDRESS = "CSS_BIND_ADDRESS";
    /** How long calls in flight get to finish on shutdown. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration MIGRATION_RETRY_INTERVAL = Duration.ofSeconds(5);

    private ServiceProcess() {
    }

    /**
     * The caller authentication a service process installs, configured by {@code CSS_AUTH_*} (see
     * {@link AuthSettings}). Secure by default: without a key source, issuer and audience, and without
     * {@code CSS_AUTH_DISABLED=true}, this refuses, and so the service refuses to start.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static AuthInterceptor authentication(Settings settings, MethodRoles roles) {
        return AuthInterceptor.create(AuthSettings.from(settings), roles, settings.clock());
    }

    /**
     * The transport security a service process serves and calls with, configured by {@code CSS_TLS_*} and
     * {@code CSS_INSECURE} (see {@link TlsSettings}): TLS from certificate files that are read again while serving,
     * or plaintext with a loud warning. Secure by default: without the TLS files and without
     * {@code CSS_INSECURE=true}, this refuses, and so the service refuses to start. The caller closes it when the
     * service fails to start; once started, {@link RunningService} closes it.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     * @throws java.io.UncheckedIOException when a TLS file cannot be read
     */
    public static TransportSecurity transportSecurity(Settings settings) {
        return TransportSecurity.start(TlsSettings.from(settings));
    }

    /**
     * The address {@link #BIND_ADDRESS} names, for
     * {@link ServiceMetrics#serve(String, InetAddress, int, TransportSecurity)}; {@code null} (every interface) when
     * it is not set.
     *
     * @throws IllegalArgumentException when it names no address of this machine's resolver
     */
    public static InetAddress bindAddress(Settings settings) {
        Optional<String> configured = settings.optional(BIND_ADDRESS);
        if (configured.isEmpty()) {
            return null;
        }
        try {
            return InetAddress.getByName(configured.get());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(BIND_ADDRESS + " '" + configured.get() + "' is not an address", e);
        }
    }

    /**
     * Starts serving and reports SERVING, listening on the address the metrics listen on (see
     * {@link #bindAddress}).
     *
     * @param port      the gRPC port (0: a free one)
     * @param probePort with TLS, the port that serves the health service alone in plaintext for probes (0: a free
     *                  one); not opened in plaintext, where the gRPC port answers probes itself
     * @param security  the transport security of the gRPC port (from {@link #transportSecurity}); closed after the
     *                  resources once running (the caller closes it when this fails)
     * @param limits    the resource limits of the gRPC port (see {@link dev.successscore.runtime.limits}), e.g.
     *                  {@link LimitSettings#from} the service's settings
     * @param auth      authenticates every call and checks its role (from {@link #authentication}); metrics and
     *                  the logging context see the calls it refuses
     * @param metrics   the service's metrics, which the calls are recorded in; closed last once running (the
     *                  caller closes them when this fails)
     * @param feed      the service's event feed, ended before the server stops (may be {@code null})
     * @param resources closed in this order after the server has stopped (the service, then its database)
     */
    public static RunningService start(String name, int port, int probePort, TransportSecurity security,
                                       AuthInterceptor auth, ServiceMetrics metrics, LimitSettings limits,
                                       List<BindableService> services, EventFeedServer feed,
                                       AutoCloseable... resources) {
        GrpcServer.Builder builder = GrpcServer.forPort(port)
                .credentials(security.serverCredentials())
                .bindAddress(metrics.bindAddress())
                .limits(limits)
                .addServices(services)
                // the last added sees a call first: metrics count the calls authentication refuses
                .intercept(auth, GrpcMetrics.serverInterceptor(metrics.registry()));
        if (!security.isPlaintext()) {
            builder.probePort(probePort);
        }
        GrpcServer server = builder.build().start();
        server.markServing();
        if (security.isPlaintext()) {
            LOG.info("{} serving gRPC in PLAINTEXT on port {} (health and reflection included), metrics on port {}",
                    name, server.port(), metrics.port());
        } else {
            LOG.info("{} serving gRPC over TLS on port {} (health and reflection included), health in plaintext "
                    + "for probes on port {}, metrics on port {}", name, server.port(),
                    server.probePort().orElseThrow(), metrics.port());
        }
        List<AutoCloseable> closedAfterStop = new ArrayList<>(List.of(resources));
        closedAfterStop.add(security);
        return new RunningService(name, server, metrics, feed, closedAfterStop);
    }

    /**
     * A service's {@code main}. Without arguments it starts the service from the environment and serves until the
     * process is asked to stop. With the one argument {@code migrate} it applies the service's schema migrations to
     * its database and returns: a release's migration job, run once before the replicas of the new version start.
     */
    public static void main(String[] args, String name, ServiceSchema schema, Function<Settings, RunningService> start)
            throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        if (args.length == 0) {
            serveUntilShutdown(start.apply(settings));
        } else if (args.length == 1 && args[0].equals("migrate")) {
            migrate(name, schema, settings);
        } else {
            System.err.println("usage: " + name + " [migrate]");
            System.exit(2);
        }
    }

    /**
     * Applies {@code schema}'s pending migrations to the database the settings name. A database that cannot be
     * reached yet (a cluster still being created with the release) is tried again every few seconds for up to
     * {@code CSS_DB_MIGRATION_WAIT}.
     */
    public static int migrate(String name, ServiceSchema schema, Settings settings) {
        Duration wait = MigrationSettings.from(settings).maxWait();
        Retry retry = Retry.of(name + "-migration", RetryConfig.custom()
                .maxAttempts((int) Math.max(1, wait.dividedBy(MIGRATION_RETRY_INTERVAL)))
                .waitDuration(MIGRATION_RETRY_INTERVAL)
                .retryOnException(e -> e instanceof IllegalStateException)
                .build());
        retry.getEventPublisher().onRetry(event -> LOG.warn("{}: database not reachable yet ({}); trying again in {}",
                name, event.getLastThrowable().getMessage(), MIGRATION_RETRY_INTERVAL));
        return retry.executeSupplier(() -> {
            try (Database database = Database.start(DatabaseSettings.from(settings), name + "-migration", null)) {
                int applied = schema.apply(database.dataSource());
                LOG.info("{}: {} migrations applied; the schema is current", name, applied);
                return applied;
            }
        });
    }

    /** Stops {@code service} when the process is asked to stop (Ctrl-C, SIGTERM), and waits until then. */
    public static void serveUntilShutdown(RunningService service) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, service.name() + "-shutdown"));
        service.awaitTermination();
    }
}
