package dev.successscore.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.successscore.runtime.concurrent.DaemonThreads;
import dev.successscore.runtime.tls.RotatingHttpsConfigurator;
import dev.successscore.runtime.tls.TransportSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's metrics: one Prometheus registry, every meter tagged {@code service=<name>}, with the JVM's and the
 * process's basics bound, served in the Prometheus text format at {@value #PATH} on the service's metrics port
 * (the JDK's HTTP server, four threads): over HTTPS with the service's certificates when its transport is TLS
 * ({@link #serve(String, int, TransportSecurity)}), over plain HTTP otherwise.
 *
 * <p>Each service has its own registry and port, so the four services of a one-JVM suite never mix their meters.
 * The gRPC meters' own {@code service} tag (the gRPC service name) is renamed {@code grpc.service}
 * ({@code grpc_service} in Prometheus) so it does not hide the common one.
 *
 * <pre>{@code
 * ServiceMetrics metrics = ServiceMetrics.serve("usage-service", 9101, security);
 * Database database = Database.start(DatabaseSettings.from(settings), "usage-service", metrics.registry());
 * }</pre>
 */
public final class ServiceMetrics implements AutoCloseable {

    /** The path the metrics are served at. */
    public static final String PATH = "/metrics";
    /** The common tag naming the service. */
    public static final String SERVICE_TAG = "service";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);

    private final String service;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final HttpServer server;
    /** Threads serving scrapes at once. */
    private static final int SCRAPE_THREADS = 4;

    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceMetrics(String service, PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server,
                           ExecutorService executor) {
        this.service = service;
        this.registry = registry;
        this.gc = gc;
        this.server = server;
        this.executor = executor;
    }

    /**
     * A registry for {@code service}, served over plain HTTP on {@code port} (0: any free port, see {@link #port()}).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ServiceMetrics serve(String service, int port) {
        return start(service, null, port, null);
    }

    /**
     * A registry for {@code service}, served on {@code port} of {@code bindAddress} only ({@code null}: every
     * interface), over plain HTTP.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ServiceMetrics serve(String service, InetAddress bindAddress, int port) {
        return start(service, bindAddress, port, null);
    }

    /**
     * A registry for {@code service}, served on {@code port} (0: any free port) of every interface with the
     * transport security of the service's gRPC ports; see {@link #serve(String, InetAddress, int, TransportSecurity)}.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ServiceMetrics serve(String service, int port, TransportSecurity security) {
        return serve(service, null, port, security);
    }

    /**
     * A registry for {@code service}, served on {@code port} (0: any free port) of {@code bindAddress} only
     * ({@code null}: every interface) with the transport security of the service's gRPC ports: over HTTPS when
     * {@code security} is TLS, over plain HTTP when it is plaintext.
     *
     * <p>Over HTTPS the server presents the service's certificate ({@code CSS_TLS_CERT}) and picks up a rotated one
     * for new connections without a restart, speaks TLS 1.2 and 1.3 only, and refuses plain HTTP. A client
     * certificate is optional, since Prometheus may scrape with one or without: a scraper may present none, and one
     * it presents must be signed by a CA of {@code CSS_TLS_CA}, or the handshake fails. A scraper checks the server
     * against that CA and a name the certificate carries (see {@link RotatingHttpsConfigurator}).
     * {@code security} stays the caller's to close.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ServiceMetrics serve(String service, InetAddress bindAddress, int port,
                                       TransportSecurity security) {
        Objects.requireNonNull(security, "security");
        return start(service, bindAddress, port,
                security.certificates().map(RotatingHttpsConfigurator::of).orElse(null));
    }

    /** Serves over HTTPS with {@code https}, over HTTP when it is null. */
    private static ServiceMetrics start(String service, InetAddress bindAddress, int port,
                                        HttpsConfigurator https) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0..65535 but was " + port);
        }
        PrometheusMeterRegistry registry = newRegistry(service);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(bindAddress, port);
            server = https == null ? HttpServer.create(address, 0) : httpsServer(address, https);
        } catch (IOException e) {
            gc.close();
            registry.close();
            throw new UncheckedIOException("Could not serve " + service + "'s metrics on port " + port, e);
        }
        // a few threads: one scraper stalled in its TLS handshake or request does not hold up the others
        ExecutorService executor = Executors.newFixedThreadPool(SCRAPE_THREADS,
                DaemonThreads.named(service + "-metrics"));
        server.setExecutor(executor);
        server.createContext(PATH, exchange -> scrape(registry, exchange));
        server.start();
        ServiceMetrics metrics = new ServiceMetrics(service, registry, gc, server, executor);
        LOG.info("{} serving metrics over {} on port {} at {}", service, metrics.scheme().toUpperCase(Locale.ROOT),
                metrics.port(), PATH);
        return metrics;
    }

    private static HttpsServer httpsServer(InetSocketAddress address, HttpsConfigurator https) throws IOException {
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(https);
        return server;
    }

    /** A registry with the service's tag and the JVM's meters, not served: for tests and tools. */
    static PrometheusMeterRegistry newRegistry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(MeterFilter.renameTag("grpc.", SERVICE_TAG, "grpc.service"))
                .commonTags(SERVICE_TAG, service);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    private static void scrape(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TEXT_FORMAT);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    /** The service's name, as in the {@code service} tag. */
    public String service() {
        return service;
    }

    /** The registry every meter of the service goes to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The address the metrics listen on; {@code null} for every interface. */
    public InetAddress bindAddress() {
        InetAddress address = server.getAddress().getAddress();
        return address.isAnyLocalAddress() ? null : address;
    }

    /** The port the metrics are served on (the actual one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https} when the metrics are served over TLS, {@code http} otherwise. */
    public String scheme() {
        return server instanceof HttpsServer ? "https" : "http";
    }

    /** What a scrape of {@value #PATH} returns now. */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops serving and closes the registry; closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        gc.close();
        registry.close();
    }
}
