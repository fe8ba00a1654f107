package dev.successscore.runtime.grpc;

import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.metrics.ServiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service serving gRPC, as {@link ServiceProcess#start} returns it. Closing it reports NOT_SERVING, closes what
 * was registered with {@link #closeFirst}, ends the feed's streams, stops the server gracefully and closes the
 * service's resources in order, then stops serving its metrics. Closing twice does nothing more.
 */
public final class RunningService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningService.class);

    private final String name;
    private final GrpcServer server;
    private final ServiceMetrics metrics;
    private final EventFeedServer feed;
    private final List<AutoCloseable> resources;
    private final List<AutoCloseable> first = new ArrayList<>();
    private boolean closed;

    RunningService(String name, GrpcServer server, ServiceMetrics metrics, EventFeedServer feed,
                   List<AutoCloseable> resources) {
        this.name = name;
        this.server = server;
        this.metrics = metrics;
        this.feed = feed;
        this.resources = resources;
    }

    public String name() {
        return name;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The port that serves the health service alone in plaintext for probes; empty in plaintext. */
    public OptionalInt probePort() {
        return server.probePort();
    }

    /** The port the metrics are served on ({@value ServiceMetrics#PATH}). */
    public int metricsPort() {
        return metrics.port();
    }

    /** The service's metrics. */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /** The server, to report the health of a component. */
    public GrpcServer server() {
        return server;
    }

    /** Registers something closed before the server stops (a reporter that uses the server). */
    public synchronized RunningService closeFirst(AutoCloseable resource) {
        first.add(resource);
        return this;
    }

    /** Blocks until the server has terminated. */
    public void awaitTermination() throws InterruptedException {
        server.blockUntilShutdown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.markNotServing();
        first.forEach(this::closeQuietly);
        if (feed != null) {
            feed.close();
        }
        server.stop(ServiceProcess.GRACE);
        resources.forEach(this::closeQuietly);
        closeQuietly(metrics);
        LOG.info("{} stopped", name);
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("{}: closing {} failed", name, resource, e);
        }
    }
}
