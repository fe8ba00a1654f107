package dev.successscore.runtime.grpc;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.limits.LimitSettings;
import dev.successscore.runtime.limits.ResourceLimits;
import dev.successscore.runtime.logging.LoggingContextInterceptor;
import dev.successscore.runtime.validation.RequestRules;
import dev.successscore.runtime.validation.RequestValidationInterceptor;
import io.grpc.BindableService;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A service's gRPC server: its own services, the standard health service and server reflection.
 *
 * <p>Every bound service is wrapped in the configured interceptors, with an {@link ErrorMappingInterceptor}
 * innermost (so the configured ones, such as metrics, see the status a client sees), a
 * {@link RequestValidationInterceptor} just outside it (every request message is checked against the field rules
 * of its proto contract after the configured interceptors, such as authentication, let the call through) and a
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
 * <p>A TCP server speaks plaintext unless {@linkplain Builder#credentials(ServerCredentials) given credentials}
 * (TLS). Kubernetes' native gRPC probes cannot speak TLS, so a TLS server may also serve a
 * {@linkplain Builder#probePort(int) probe port}: plaintext, with the same health service and nothing else (no
 * application service, no reflection), started and stopped with the server.
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
    private final Server probe;
    private final String inProcessName;
    private final boolean plaintext;
    private final HealthStatusManager health;
    private final List<String> serviceNames;
    private final Duration shutdownHookGrace;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Thread shutdownHook;
    private volatile int boundPort = -1;
    private volatile int boundProbePort = -1;

    private GrpcServer(Server server, Server probe, String inProcessName, boolean plaintext,
                       HealthStatusManager health, List<String> serviceNames, Duration shutdownHookGrace) {
        this.server = server;
        this.probe = probe;
        this.inProcessName = inProcessName;
        this.plaintext = plaintext;
        this.health = health;
        this.serviceNames = List.copyOf(serviceNames);
        this.shutdownHookGrace = shutdownHookGrace;
    }

    /**
     * A builder for a TCP server on {@code port}, plaintext unless given {@linkplain Builder#credentials
     * credentials}; 0 picks a free port (see {@link #port()}).
     */
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

    /** Starts serving, and the probe port if any; health stays {@code NOT_SERVING} until {@link #markServing()}. */
    public synchronized GrpcServer start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the gRPC server", e);
        }
        boundPort = inProcessName != null ? -1 : server.getPort();
        if (probe != null) {
            try {
                probe.start();
            } catch (IOException e) {
                server.shutdownNow();
                throw new UncheckedIOException("Could not start the gRPC health probe port", e);
            }
            boundProbePort = probe.getPort();
        }
        health.setStatus(LIVENESS, ServingStatus.SERVING);
        if (shutdownHookGrace != null) {
            shutdownHook = new Thread(() -> stop(shutdownHookGrace), "grpc-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        if (probe != null) {
            log.info("gRPC server started ({}), services {}; health in plaintext for probes on port {}", address(),
                    serviceNames, boundProbePort);
        } else {
            log.info("gRPC server started ({}), services {}", address(), serviceNames);
        }
        return this;
    }

    /** The TCP port the server listens on once started (the actual one when built with port 0); -1 in-process. */
    public int port() {
        if (inProcessName == null && boundPort == -1) {
            throw new IllegalStateException("The gRPC server has not been started");
        }
        return boundPort;
    }

    /**
     * The port that serves the health service alone in plaintext, for probes that cannot speak TLS, once started;
     * empty when the server has none.
     */
    public OptionalInt probePort() {
        if (probe == null) {
            return OptionalInt.empty();
        }
        if (boundProbePort == -1) {
            throw new IllegalStateException("The gRPC server has not been started");
        }
        return OptionalInt.of(boundProbePort);
    }

    /** Whether the server speaks plaintext (an in-process server, or a TCP server without TLS credentials). */
    public boolean isPlaintext() {
        return plaintext;
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
     * flight, then cancels what is left; the probe port stops with the server. Safe to call more than once.
     *
     * @return whether the server terminated
     */
    public boolean stop(Duration grace) {
        if (stopped.compareAndSet(false, true)) {
            removeShutdownHook();
            health.enterTerminalState();
            server.shutdown();
            if (probe != null) {
                probe.shutdown();
            }
            log.info("gRPC server ({}) stopping, grace {}", address(), grace);
        }
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("gRPC server ({}) still had calls after {}; cancelling them", address(), grace);
                server.shutdownNow();
                server.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (probe != null && !probe.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                probe.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            if (probe != null) {
                probe.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
        return server.isTerminated() && (probe == null || probe.isTerminated());
    }

    /** Blocks the calling thread until the server (and its probe port) has terminated. */
    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
        if (probe != null) {
            probe.awaitTermination();
        }
    }

    /**
     * A new plaintext channel to this server (in-process for an in-process server); the caller shuts it down. A
     * TLS server refuses it: use {@link #newChannel(ChannelCredentials)}.
     */
    public ManagedChannel newChannel() {
        if (inProcessName != null) {
            return InProcessChannelBuilder.forName(inProcessName).build();
        }
        return newChannel(InsecureChannelCredentials.create());
    }

    /**
     * A new channel to {@code localhost:}{@link #port()} with {@code credentials} (TLS credentials check that the
     * server's certificate names {@code localhost}); the caller shuts it down.
     *
     * @throws IllegalStateException for an in-process server, which has no transport to secure
     */
    public ManagedChannel newChannel(ChannelCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        if (inProcessName != null) {
            throw new IllegalStateException("An in-process server takes no channel credentials");
        }
        return Grpc.newChannelBuilderForAddress("localhost", port(), credentials).build();
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
        if (inProcessName != null) {
            return "in-process " + inProcessName;
        }
        return "port " + boundPort + (plaintext ? ", plaintext" : ", TLS");
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
        private ServerCredentials credentials = InsecureServerCredentials.create();
        private Integer probePort;
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
         * Serves with {@code credentials}, e.g. TLS from
         * {@link dev.successscore.runtime.tls.TransportSecurity#serverCredentials()} (by default plaintext).
         *
         * @throws IllegalStateException for an in-process server
         */
        public Builder credentials(ServerCredentials serverCredentials) {
            Objects.requireNonNull(serverCredentials, "serverCredentials");
            requireTcp("credentials");
            this.credentials = serverCredentials;
            return this;
        }

        /**
         * Also serves {@code grpc.health.v1.Health} alone, in plaintext, on {@code port} (0 picks a free one), for
         * probes that cannot speak TLS, such as Kubernetes' native gRPC probes. It reports what the server's own
         * health service reports, and serves no application service, no reflection and no interceptor.
         *
         * @throws IllegalArgumentException when the port is not 0..65535
         * @throws IllegalStateException    for an in-process server
         */
        public Builder probePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("gRPC probe port must be 0..65535 but was " + port);
            }
            requireTcp("a probe port");
            this.probePort = port;
            return this;
        }

        /**
         * Listens on {@code address} only (for example the loopback address), instead of every interface; {@code null}
         * keeps every interface. The probe port listens there too. Ignored in-process.
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
            chain.add(new RequestValidationInterceptor());
            if (resourceLimits != null) {
                resourceLimits.configure(builder);
                chain.addAll(resourceLimits.interceptors());
            }
            chain.addAll(interceptors);
            chain.add(new LoggingContextInterceptor());
            List<String> names = new ArrayList<>();
            for (ServerServiceDefinition service : services) {
                names.add(service.getServiceDescriptor().getName());
                RequestRules.contracts().prepare(service);
                builder.addService(ServerInterceptors.intercept(service, chain));
            }
            HealthStatusManager health = new HealthStatusManager();
            health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
            names.forEach(name -> health.setStatus(name, ServingStatus.NOT_SERVING));
            builder.addService(open(health.getHealthService().bindService(), resourceLimits));
            builder.addService(open(ProtoReflectionServiceV1.newInstance().bindService(), resourceLimits));
            customizers.forEach(customizer -> customizer.accept(builder));
            Server probe = probePort == null ? null : probeServer(health, resourceLimits);
            return new GrpcServer(builder.build(), probe, inProcessName,
                    credentials instanceof InsecureServerCredentials, health, names, shutdownHookGrace);
        }

        /**
         * The plaintext health-only server of the probe port, open without a token like the main port's health
         * service and bounded the same way: message size, Watch streams per client address, connection age.
         */
        private Server probeServer(HealthStatusManager health, ResourceLimits resourceLimits) {
            ServerBuilder<?> probe = tcpServerBuilder(probePort, InsecureServerCredentials.create())
                    .maxConnectionAge(MAX_CONNECTION_AGE.toMinutes(), TimeUnit.MINUTES)
                    .addService(open(health.getHealthService().bindService(), resourceLimits));
            if (resourceLimits != null) {
                resourceLimits.configure(probe);
            }
            return probe.build();
        }

        private void requireTcp(String what) {
            if (inProcessName != null) {
                throw new IllegalStateException("An in-process server takes no " + what);
            }
        }

        /** A service open to every caller, with the limits on its streams when the server has limits. */
        private static ServerServiceDefinition open(ServerServiceDefinition service, ResourceLimits limits) {
            return limits == null ? service : ServerInterceptors.intercept(service, limits.openServiceInterceptors());
        }

        private ServerBuilder<?> tcpServerBuilder() {
            return tcpServerBuilder(port, credentials);
        }

        private ServerBuilder<?> tcpServerBuilder(int listenPort, ServerCredentials serverCredentials) {
            return bindAddress == null ? Grpc.newServerBuilderForPort(listenPort, serverCredentials)
                    : NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, listenPort), serverCredentials);
        }
    }
}
