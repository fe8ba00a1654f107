package dev.successscore.runtime.grpc;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.limits.ResourceLimits;
import dev.successscore.runtime.logging.LoggingContextInterceptor;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A service's gRPC server: its own services, the standard health service and server reflection.
 *
 * <p>Every bound service is wrapped in the configured interceptors, with an {@link ErrorMappingInterceptor}
 * innermost (so the configured ones, such as metrics, see the status a client sees) and a
 * {@link LoggingContextInterceptor} outermost (so every log line written for a call carries its rpc, trace and
 * tenant). A TCP server also enforces {@linkplain ResourceLimits resource limits} (message size, deadline cap,
 * open streams per caller, per-tenant rate limits), configured from the environment unless
 * {@linkplain Builder#limits(LimitSettings) given}; their interceptors sit between the error mapping and the
 * configured interceptors, so a refused call shows in the metrics with its status and in the logs, and is charged to
 * the caller authentication put into the context; the health and reflection services, open to every caller, get
 * their own limit on streams per client address. In-process servers have no limits unless they opt in. Health ({@code grpc.health.v1.Health}) reports {@code NOT_SERVING} for the
 * whole server ({@code ""}) and for each bound service until {@link #markServing()} is called, which a service
 * does once its database, migrations and event processors are ready; {@link #stop(Duration)} reports
 * {@code NOT_SERVING} again before draining. The name {@value #LIVENESS} is {@code SERVING} while the server
 * listens (for liveness probes).
 *
 * <pre>{@code
 * GrpcServer server = GrpcServer.forPort(8080)
 *         .addService(new ScoreServiceImpl(...))
 *         .shutdownHook(Duration.ofSeconds(10))
 *         .build()
 *         .start();
 * server.markServing();
 * server.blockUntilShutdown();
 * }</pre>
 *
 * <p>Tests use {@link #inProcess(String)} and {@link #newChannel()} to call endpoints through an in-process server
 * with real stubs.
 */
public final class GrpcServer {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(5);
    /**
     * The health service name that is SERVING from the moment the server listens until it stops, whatever the
     * service's readiness: what a liveness probe asks, so that a service waiting for its database is not
     * restarted for it.
     */
    public static final String LIVENESS = "liveness";
    /** How long a client's connection lasts before the server asks it to reconnect (GOAWAY). */
    public static final Duration MAX_CONNECTION_AGE = Duration.ofMinutes(5);

    private final Server server;
    private final String inProcessName;
    private final HealthStatusManager health;
    private final List<String> serviceNames;
    private final Duration shutdownHookGrace;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Thread shutdownHook;
    private volatile int boundPort = -1;

    private GrpcServer(Server server, String inProcessName, HealthStatusManager health, List<String> serviceNames,
                       Duration shutdownHookGrace) {
        this.server = server;
        this.inProcessName = inProcessName;
        this.health = health;
        this.serviceNames = List.copyOf(serviceNames);
        this.shutdownHookGrace = shutdownHookGrace;
    }

    /** A builder for a plaintext TCP server on {@code port}; 0 picks a free port (see {@link #port()}). */
    public static Builder forPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("gRPC port must be 0..65535 but was " + port);
        }
        return new Builder(port, null);
    }

    /** A builder for an in-process server reachable by {@code name}, for tests. */
    public static Builder inProcess(String name) {
        return new Builder(-1, Objects.requireNonNull(name, "name"));
    }

    /** Starts serving; health stays {@code NOT_SERVING} until {@link #markServing()}. */
    public synchronized GrpcServer start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the gRPC server", e);
        }
        boundPort = inProcessName != null ? -1 : server.getPort();
        health.setStatus(LIVENESS, ServingStatus.SERVING);
        if (shutdownHookGrace != null) {
            shutdownHook = new Thread(() -> stop(shutdownHookGrace), "grpc-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        log.info("gRPC server started ({}), services {}", address(), serviceNames);
        return this;
    }

    /** The TCP port the server listens on once started (the actual one when built with port 0); -1 in-process. */
    public int port() {
        if (inProcessName == null && boundPort == -1) {
            throw new IllegalStateException("The gRPC server has not been started");
        }
        return boundPort;
    }

    /** Names of the services bound by the application (without health and reflection). */
    public List<String> serviceNames() {
        return serviceNames;
    }

    /** Reports {@code SERVING} for the server and every bound service. */
    public void markServing() {
        setHealth(ServingStatus.SERVING);
    }

    /**
     * Reports the health of a named part of the service (for example {@code "upstream/usage-service"}),
     * checkable with the standard health service under that name, without changing the server's own status.
     */
    public void reportComponent(String name, boolean serving) {
        health.setStatus(name, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    /** Reports {@code NOT_SERVING} for the server and every bound service, for example while a dependency is down. */
    public void markNotServing() {
        setHealth(ServingStatus.NOT_SERVING);
    }

    /**
     * Stops gracefully: reports {@code NOT_SERVING}, refuses new calls, waits up to {@code grace} for calls in
     * flight, then cancels what is left. Safe to call more than once.
     *
     * @return whether the server terminated
     */
    public boolean stop(Duration grace) {
        if (stopped.compareAndSet(false, true)) {
            removeShutdownHook();
            health.enterTerminalState();
            server.shutdown();
            log.info("gRPC server ({}) stopping, grace {}", address(), grace);
        }
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("gRPC server ({}) still had calls after {}; cancelling them", address(), grace);
                server.shutdownNow();
                server.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        return server.isTerminated();
    }

    /** Blocks the calling thread until the server has terminated. */
    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * A new plaintext channel to this server (in-process for an in-process server); the caller shuts it down.
     */
    public ManagedChannel newChannel() {
        if (inProcessName != null) {
            return InProcessChannelBuilder.forName(inProcessName).build();
        }
        return Grpc.newChannelBuilderForAddress("localhost", port(), InsecureChannelCredentials.create()).build();
    }

    private void setHealth(ServingStatus status) {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        for (String name : serviceNames) {
            health.setStatus(name, status);
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting; the hook runs or has run
            }
        }
    }

    private String address() {
        return inProcessName != null ? "in-process " + inProcessName : "port " + boundPort;
    }

    /** Collects the services and options of a {@link GrpcServer}. */
    public static final class Builder {

        private final int port;
        private final String inProcessName;
        private final List<ServerServiceDefinition> services = new ArrayList<>();
        private final List<ServerInterceptor> interceptors = new ArrayList<>();
        private final List<Consumer<ServerBuilder<?>>> customizers = new ArrayList<>();
        private Duration shutdownHookGrace;
        private LimitSettings limits;
        private boolean limitsChosen;
        private InetAddress bindAddress;

        private Builder(int port, String inProcessName) {
            this.port = port;
            this.inProcessName = inProcessName;
        }

        /** Binds a service. */
        public Builder addService(BindableService service) {
            return addService(service.bindService());
        }

        /** Binds a service given as a definition (for example built by hand in a test). */
        public Builder addService(ServerServiceDefinition service) {
            services.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /** Binds several services. */
        public Builder addServices(List<? extends BindableService> bindableServices) {
            bindableServices.forEach(this::addService);
            return this;
        }

        /**
         * Adds interceptors around every bound service. As with {@link ServerInterceptors#intercept}, the last
         * one added sees a call first; the {@link ErrorMappingInterceptor} always sits innermost and the
         * {@link LoggingContextInterceptor} outermost.
         */
        public Builder intercept(ServerInterceptor... added) {
            interceptors.addAll(List.of(added));
            return this;
        }

        /** Registers a JVM shutdown hook that {@linkplain #stop(Duration) stops} the server with {@code grace}. */
        public Builder shutdownHook(Duration grace) {
            this.shutdownHookGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Enforces {@code settings}' resource limits (by default a TCP server enforces those of
         * {@link LimitSettings#from} the environment, an in-process server none).
         */
        public Builder limits(LimitSettings settings) {
            this.limits = Objects.requireNonNull(settings, "settings");
            this.limitsChosen = true;
            return this;
        }

        /** Enforces no resource limits, not even on a TCP server (gRPC's own 4 MiB message limit remains). */
        public Builder withoutLimits() {
            this.limits = null;
            this.limitsChosen = true;
            return this;
        }

        /**
         * Listens on {@code address} only (for example the loopback address), instead of every interface; {@code null}
         * keeps every interface. Ignored in-process.
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /** Adjusts the underlying {@link ServerBuilder}, e.g. message size limits or keep-alive. */
        public Builder customize(Consumer<ServerBuilder<?>> customizer) {
            customizers.add(customizer);
            return this;
        }

        /** Builds the server, not yet started. */
        public GrpcServer build() {
            ServerBuilder<?> builder = inProcessName != null
                    ? InProcessServerBuilder.forName(inProcessName)
                    : tcpServerBuilder()
                            // clients reconnect now and then, and so find replicas added since they resolved the
                            // name; calls and streams in flight finish on the old connection
                            .maxConnectionAge(MAX_CONNECTION_AGE.toMinutes(), TimeUnit.MINUTES);
            LimitSettings limitSettings = limitsChosen || inProcessName != null
                    ? limits : LimitSettings.from(Settings.fromEnvironment());
            ResourceLimits resourceLimits = limitSettings == null ? null : ResourceLimits.of(limitSettings);
            List<ServerInterceptor> chain = new ArrayList<>();
            chain.add(new ErrorMappingInterceptor());
            if (resourceLimits != null) {
                resourceLimits.configure(builder);
                chain.addAll(resourceLimits.interceptors());
            }
            chain.addAll(interceptors);
            chain.add(new LoggingContextInterceptor());
            List<String> names = new ArrayList<>();
            for (ServerServiceDefinition service : services) {
                names.add(service.getServiceDescriptor().getName());
                builder.addService(ServerInterceptors.intercept(service, chain));
            }
            HealthStatusManager health = new HealthStatusManager();
            health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
            names.forEach(name -> health.setStatus(name, ServingStatus.NOT_SERVING));
            builder.addService(open(health.getHealthService().bindService(), resourceLimits));
            builder.addService(open(ProtoReflectionServiceV1.newInstance().bindService(), resourceLimits));
            customizers.forEach(customizer -> customizer.accept(builder));
            return new GrpcServer(builder.build(), inProcessName, health, names, shutdownHookGrace);
        }

        /** A service open to every caller, with the limits on its streams when the server has limits. */
        private static ServerServiceDefinition open(ServerServiceDefinition service, ResourceLimits limits) {
            return limits == null ? service : ServerInterceptors.intercept(service, limits.openServiceInterceptors());
        }

        private ServerBuilder<?> tcpServerBuilder() {
            return bindAddress == null ? Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                    : NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port),
                    InsecureServerCredentials.create());
        }
    }
}
