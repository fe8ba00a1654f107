package dev.successscore.cli.suite;

import dev.successscore.expertise.ExpertiseServiceApp;
import dev.successscore.expertise.ExpertiseServiceSettings;
import dev.successscore.health.HealthServiceApp;
import dev.successscore.health.HealthServiceSettings;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.EmbeddedServer;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.grpc.ServiceProcess;
import dev.successscore.runtime.security.AuthSettings;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.score.ScoreServiceApp;
import dev.successscore.score.ScoreServiceSettings;
import dev.successscore.usage.UsageServiceApp;
import dev.successscore.usage.UsageServiceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole suite on one machine: one embedded PostgreSQL whose files persist under a data folder, holding one
 * database per service, and the four services in this process on their ports. Each service is configured exactly
 * as it would be out of process, through its environment variables; the suite only sets the database URL, the
 * ports (gRPC, metrics and probes) and the links between the services.
 *
 * <p>Unless the environment configures caller authentication (a {@code CSS_AUTH_JWKS_FILE} or
 * {@code CSS_AUTH_JWKS_URL}), the suite runs with {@code CSS_AUTH_DISABLED=true}: every caller may do everything on
 * every tenant, which {@link #start} says loudly. That is for a trusted machine only, and so the services then
 * listen on the loopback address only ({@code CSS_BIND_ADDRESS=127.0.0.1}, gRPC and metrics ports alike): nothing
 * else on the network reaches them.
 *
 * <p>Unless the environment names TLS files ({@code CSS_TLS_CERT}, {@code CSS_TLS_KEY}, {@code CSS_TLS_CA}), the
 * suite runs in plaintext with {@code CSS_INSECURE=true}, which each service announces with a banner in its log.
 * With the files, the services serve over TLS and call each other over mutual TLS at {@code localhost}, so the
 * certificate must name {@code localhost}; each then also serves its health in plaintext on its probe port.
 *
 * <pre>{@code
 * try (LocalSuite suite = LocalSuite.start(Path.of(".data"), SuitePorts.DEFAULTS, Settings.fromEnvironment())) {
 *     suite.awaitTermination();
 * }
 * }</pre>
 */
public final class LocalSuite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSuite.class);
    /** Where the services listen when callers are not authenticated. */
    static final String LOOPBACK = "127.0.0.1";

    private final EmbeddedServer database;
    private final Map<String, RunningService> services;
    private final boolean plaintext;
    private boolean closed;

    private LocalSuite(EmbeddedServer database, Map<String, RunningService> services, boolean plaintext) {
        this.database = database;
        this.services = services;
        this.plaintext = plaintext;
    }

    /**
     * Starts PostgreSQL, creates the services' databases on first use, then starts usage- and health-service,
     * then expertise- and score-service (which call the first two); every service is SERVING when this returns.
     *
     * @param dataDirectory where PostgreSQL keeps its files (in {@code postgres/} below it)
     * @param configured    the services' other settings (normally this process's environment variables)
     */
    public static LocalSuite start(Path dataDirectory, SuitePorts ports, Settings configured) {
        Settings environment = withTransportSecurity(withAuthentication(configured));
        // incomplete or contradictory TLS settings are refused before anything starts
        boolean plaintext = TlsSettings.from(environment).insecure();
        EmbeddedServer database = EmbeddedServer.start(dataDirectory.resolve("postgres"), ports.database());
        Map<String, RunningService> started = new java.util.LinkedHashMap<>();
        try {
            for (String service : List.of("usage", "health", "expertise", "score")) {
                database.ensureDatabase("css_" + service);
            }
            Function<String, Map<String, String>> db = name -> Map.of(
                    DatabaseSettings.URL, database.jdbcUrl("css_" + name),
                    DatabaseSettings.USER, EmbeddedServer.USER);
            Map<String, RunningService> first = startTogether(Map.of(
                    "usage-service", () -> UsageServiceApp.start(environment.withOverrides(with(db.apply("usage"),
                            "CSS_USAGE_PORT", ports.usage(), UsageServiceSettings.METRICS_PORT,
                            ports.usageMetrics(), UsageServiceSettings.PROBE_PORT, ports.usageProbe()))),
                    "health-service", () -> HealthServiceApp.start(environment.withOverrides(with(db.apply("health"),
                            "CSS_HEALTH_PORT", ports.health(), HealthServiceSettings.METRICS_PORT,
                            ports.healthMetrics(), HealthServiceSettings.PROBE_PORT, ports.healthProbe())))));
            started.putAll(first);
            String usage = "localhost:" + first.get("usage-service").port();
            String health = "localhost:" + first.get("health-service").port();
            Map<String, String> expertiseEnv = with(db.apply("expertise"), "CSS_EXPERTISE_PORT", ports.expertise(),
                    ExpertiseServiceSettings.METRICS_PORT, ports.expertiseMetrics(),
                    ExpertiseServiceSettings.PROBE_PORT, ports.expertiseProbe());
            expertiseEnv.put("CSS_EXPERTISE_USAGE_TARGET", usage);
            Map<String, RunningService> second = startTogether(Map.of(
                    "expertise-service", () -> ExpertiseServiceApp.start(environment.withOverrides(expertiseEnv))));
            started.putAll(second);
            String expertise = "localhost:" + second.get("expertise-service").port();
            Map<String, String> scoreEnv = with(db.apply("score"), "CSS_SCORE_PORT", ports.score(),
                    ScoreServiceSettings.METRICS_PORT, ports.scoreMetrics(), ScoreServiceSettings.PROBE_PORT,
                    ports.scoreProbe());
            scoreEnv.put("CSS_SCORE_UPSTREAMS", "usage-service=" + usage + ",expertise-service=" + expertise
                    + ",health-service=" + health);
            started.put("score-service", ScoreServiceApp.start(environment.withOverrides(scoreEnv)));
            return new LocalSuite(database, started, plaintext);
        } catch (RuntimeException e) {
            closeInReverse(started);
            database.close();
            throw e;
        }
    }

    /**
     * What {@code configured} leaves unsecured: {@code "TLS (CSS_TLS_CERT, CSS_TLS_KEY, CSS_TLS_CA)"} when it names
     * no TLS files, {@code "caller authentication (CSS_AUTH_JWKS_FILE or CSS_AUTH_JWKS_URL)"} when it sets up none;
     * empty when both are configured. {@code css run} starts such a suite only when asked with {@code --insecure}.
     */
    public static List<String> unsecured(Settings configured) {
        List<String> unsecured = new ArrayList<>();
        if (Stream.of(TlsSettings.CERT, TlsSettings.KEY, TlsSettings.CA)
                .noneMatch(name -> configured.optional(name).isPresent())) {
            unsecured.add("TLS (" + TlsSettings.CERT + ", " + TlsSettings.KEY + ", " + TlsSettings.CA + ")");
        }
        if (configured.optional(AuthSettings.JWKS_FILE).isEmpty()
                && configured.optional(AuthSettings.JWKS_URL).isEmpty()) {
            unsecured.add("caller authentication (" + AuthSettings.JWKS_FILE + " or " + AuthSettings.JWKS_URL + ")");
        }
        return List.copyOf(unsecured);
    }

    /**
     * The environment as configured when it sets up caller authentication; otherwise with authentication disabled,
     * listening on the loopback address only whatever the environment says, and a loud warning.
     */
    static Settings withAuthentication(Settings environment) {
        boolean configured = environment.optional(AuthSettings.JWKS_FILE).isPresent()
                || environment.optional(AuthSettings.JWKS_URL).isPresent();
        if (configured) {
            return environment;
        }
        String warning = "WARNING: callers are NOT authenticated: every call may do everything on every tenant. "
                + "The services listen on " + LOOPBACK + " only. Run this suite on a trusted machine only, or "
                + "configure " + AuthSettings.JWKS_FILE + " (or " + AuthSettings.JWKS_URL + "), "
                + AuthSettings.ISSUER + " and " + AuthSettings.AUDIENCE + ".";
        LOG.warn(warning);
        System.err.println("*".repeat(100));
        System.err.println(warning);
        System.err.println("*".repeat(100));
        return environment.withOverrides(Map.of(AuthSettings.DISABLED, "true",
                ServiceProcess.BIND_ADDRESS, LOOPBACK));
    }

    /**
     * The environment as configured when it names TLS files; otherwise in plaintext ({@code CSS_INSECURE=true}),
     * which each service announces with a banner in its log, listening on the loopback address only whatever the
     * environment says: tokens in plaintext must not cross a network.
     */
    static Settings withTransportSecurity(Settings environment) {
        boolean configured = Stream.of(TlsSettings.CERT, TlsSettings.KEY, TlsSettings.CA)
                .anyMatch(name -> environment.optional(name).isPresent());
        return configured ? environment : environment.withOverrides(Map.of(TlsSettings.INSECURE, "true",
                ServiceProcess.BIND_ADDRESS, LOOPBACK));
    }

    /** Stops services in the reverse of their start order: callers before the services they call. */
    private static void closeInReverse(Map<String, RunningService> services) {
        List<RunningService> reverse = new ArrayList<>(services.values());
        java.util.Collections.reverse(reverse);
        reverse.forEach(RunningService::close);
    }

    private static Map<String, String> with(Map<String, String> base, String portVariable, int port,
                                            String metricsPortVariable, int metricsPort,
                                            String probePortVariable, int probePort) {
        Map<String, String> values = new HashMap<>(base);
        values.put(portVariable, Integer.toString(port));
        values.put(metricsPortVariable, Integer.toString(metricsPort));
        values.put(probePortVariable, Integer.toString(probePort));
        return values;
    }

    private static Map<String, RunningService> startTogether(
            Map<String, java.util.function.Supplier<RunningService>> starters) {
        Map<String, CompletableFuture<RunningService>> futures = new HashMap<>();
        starters.forEach((name, starter) -> futures.put(name, CompletableFuture.supplyAsync(starter)));
        Map<String, RunningService> running = new HashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<RunningService>> future : futures.entrySet()) {
            try {
                running.put(future.getKey(), future.getValue().join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = new IllegalStateException(future.getKey() + " did not start: " + cause.getMessage(),
                            cause);
                }
            }
        }
        if (failure != null) {
            running.values().forEach(RunningService::close);
            throw failure;
        }
        return running;
    }

    /** The gRPC port of a service ({@code "score-service"}, {@code "usage-service"}, ...). */
    public int port(String service) {
        return running(service).port();
    }

    private RunningService running(String service) {
        RunningService running = services.get(service);
        if (running == null) {
            throw new IllegalArgumentException("No service " + service + " in the suite");
        }
        return running;
    }

    /** The gRPC target of a service on this machine. */
    public String target(String service) {
        return "localhost:" + port(service);
    }

    /** The port a service's metrics are served on ({@code /metrics}). */
    public int metricsPort(String service) {
        return running(service).metricsPort();
    }

    /** The port a service serves its health on in plaintext for probes; empty when the suite runs in plaintext. */
    public OptionalInt probePort(String service) {
        return running(service).probePort();
    }

    /** Whether the services serve and call each other in plaintext ({@code CSS_INSECURE=true}). */
    public boolean isPlaintext() {
        return plaintext;
    }

    /** The embedded PostgreSQL's port. */
    public int databasePort() {
        return database.port();
    }

    /** The services in start order, with their ports. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        services.forEach((name, service) -> ports.put(name, service.port()));
        return ports;
    }

    /** Blocks until every service has stopped. */
    public void awaitTermination() throws InterruptedException {
        for (RunningService service : services.values()) {
            service.awaitTermination();
        }
    }

    /** Stops the services gracefully, score-service first and usage-service last, then PostgreSQL. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeInReverse(services);
        database.close();
        LOG.info("The suite stopped; its data stays in {}", database.directory());
    }
}
