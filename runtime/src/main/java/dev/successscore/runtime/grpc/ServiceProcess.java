package dev.successscore.runtime.grpc;

import dev.successscore.runtime.feed.EventFeedServer;
import io.grpc.BindableService;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a service as a process: its gRPC services (with the error mapping) on a port, SERVING once started, and on
 * shutdown (Ctrl-C, SIGTERM) NOT_SERVING, its event feed's streams ended, a graceful stop, then its resources closed
 * in order.
 */
public final class ServiceProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    /** How long calls in flight get to finish on shutdown. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private ServiceProcess() {
    }

    /**
     * Serves until the process is stopped.
     *
     * @param feed      the service's event feed, ended before the server stops (may be {@code null})
     * @param resources closed in this order after the server has stopped (the service, then its database)
     */
    public static void serve(String name, int port, List<BindableService> services, EventFeedServer feed,
                             AutoCloseable... resources) throws InterruptedException {
        GrpcServer server = GrpcServer.forPort(port)
                .addServices(services)
                .intercept(new ErrorMappingInterceptor())
                .build()
                .start();
        server.markServing();
        LOG.info("{} serving gRPC on port {} (health and reflection included)", name, server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.markNotServing();
            if (feed != null) {
                feed.close();
            }
            server.stop(GRACE);
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("{}: closing {} failed", name, resource, e);
                }
            }
        }, name + "-shutdown"));
        server.blockUntilShutdown();
    }
}
