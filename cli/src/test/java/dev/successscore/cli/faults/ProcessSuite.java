package dev.successscore.cli.faults;

import dev.successscore.runtime.db.EmbeddedServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service and score-service, each replica in its own JVM, on one PostgreSQL (the embedded server, in this JVM, with
 * a database per service), sharing a simulated clock. score-service follows usage-service's feed through
 * {@code scoreUpstream} (usage-service itself, or a proxy in front of it).
 */
final class ProcessSuite implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(90);

    final Path directory;
    final Path clockFile;
    final int databasePort;
    EmbeddedServer database;
    final ServiceProcess usage;
    final ServiceProcess score;
    /** Every replica of usage-service; {@link #usage} is the first. */
    final List<ServiceProcess> usageReplicas = new ArrayList<>();
    /** Every replica of score-service, each following the feed of the usage-service replica of its number. */
    final List<ServiceProcess> scoreReplicas = new ArrayList<>();
    private final List<ManagedChannel> usageChannels = new ArrayList<>();
    private final List<ManagedChannel> scoreChannels = new ArrayList<>();
    private final AtomicInteger usageCalls = new AtomicInteger();
    private final AtomicInteger scoreCalls = new AtomicInteger();

    /**
     * One replica of each service.
     *
     * @param upstreamPort the port score-service reaches usage-service's feed on (0: usage-service's own port)
     * @param extra        further variables for both services
     */
    ProcessSuite(Path directory, int upstreamPort, Map<String, String> extra) {
        this(directory, upstreamPort, extra, 1);
    }

    /** {@code replicas} replicas of each service, sharing the database of their service. */
    ProcessSuite(Path directory, int upstreamPort, Map<String, String> extra, int replicas) {
        this.directory = directory;
        this.clockFile = directory.resolve("clock");
        this.databasePort = freePort();
        database = EmbeddedServer.start(directory.resolve("postgres"), databasePort);
        database.ensureDatabase("css_usage");
        database.ensureDatabase("css_score");
        Map<String, String> common = new HashMap<>(extra);
        common.put("CSS_CLOCK_FILE", clockFile.toString());
        common.put("CSS_DB_USER", EmbeddedServer.USER);
        common.put("CSS_DB_POOL_SIZE", "6");
        common.put("CSS_AUTH_DISABLED", "true"); // a test suite on this machine: callers are not authenticated
        common.put("CSS_INSECURE", "true"); // and calls travel in plaintext
        // the loads here drive one tenant as fast as a loop can: their subject is failures, not rate limits
        common.put("CSS_RATE_LIMIT_PER_SECOND", "0");
        Map<String, String> usageEnv = new HashMap<>(common);
        usageEnv.put("CSS_DB_URL", database.jdbcUrl("css_usage"));
        usageEnv.put("CSS_USAGE_MEASURE_DELAY", StepLoad.MEASURE_DELAY.toString());
        usageEnv.put("CSS_USAGE_MEASURE_POLL", "100ms");
        for (int replica = 1; replica <= replicas; replica++) {
            int usagePort = freePort();
            int scorePort = freePort();
            Map<String, String> scoreEnv = new HashMap<>(common);
            scoreEnv.put("CSS_DB_URL", database.jdbcUrl("css_score"));
            scoreEnv.put("CSS_SCORE_UPSTREAMS",
                    "usage-service=localhost:" + (upstreamPort == 0 ? usagePort : upstreamPort));
            scoreEnv.put("CSS_FEED_RETRY_INITIAL_BACKOFF", "100ms");
            scoreEnv.put("CSS_FEED_RETRY_MAX_BACKOFF", "1s");
            scoreEnv.put("CSS_FEED_BREAKER_OPEN_DURATION", "1s");
            ServiceProcess usageReplica = new ServiceProcess("usage-service", replica,
                    "dev.successscore.usage.UsageServiceApp", usagePort, usageEnv, directory);
            ServiceProcess scoreReplica = new ServiceProcess("score-service", replica,
                    "dev.successscore.score.ScoreServiceApp", scorePort, scoreEnv, directory);
            usageReplicas.add(usageReplica);
            scoreReplicas.add(scoreReplica);
            usageChannels.add(ManagedChannelBuilder.forTarget(usageReplica.target()).usePlaintext().build());
            scoreChannels.add(ManagedChannelBuilder.forTarget(scoreReplica.target()).usePlaintext().build());
        }
        usage = usageReplicas.get(0);
        score = scoreReplicas.get(0);
    }

    /** Writes the clock, then starts every replica, usage-service's first. */
    ProcessSuite start(java.time.Instant now) {
        clockTo(now);
        usageReplicas.forEach(replica -> replica.start(START));
        scoreReplicas.forEach(replica -> replica.start(START));
        return this;
    }

    /** A stub on one of usage-service's replicas, taken in turn. */
    UsageServiceGrpc.UsageServiceBlockingStub usage(Duration deadline) {
        return UsageServiceGrpc.newBlockingStub(next(usageChannels, usageCalls)).withDeadlineAfter(deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A stub on one of score-service's replicas, taken in turn. */
    ScoreServiceGrpc.ScoreServiceBlockingStub score(Duration deadline) {
        return ScoreServiceGrpc.newBlockingStub(next(scoreChannels, scoreCalls)).withDeadlineAfter(deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static ManagedChannel next(List<ManagedChannel> channels, AtomicInteger calls) {
        return channels.get(Math.floorMod(calls.getAndIncrement(), channels.size()));
    }

    StepLoad load(java.time.Instant start, int tenants) {
        return new StepLoad(this::clockTo, start, tenants, () -> usage(Duration.ofSeconds(10)),
                () -> score(Duration.ofSeconds(10)));
    }

    /** Moves the simulated clock. */
    void clockTo(java.time.Instant instant) {
        try {
            Path next = directory.resolve("clock.next");
            Files.writeString(next, instant.toString());
            Files.move(next, clockFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops PostgreSQL (fast shutdown: connections are cut). */
    void stopDatabase() {
        database.close();
    }

    /** Starts PostgreSQL again on the same files and port. */
    void startDatabase() {
        database = EmbeddedServer.start(directory.resolve("postgres"), databasePort);
    }

    @Override
    public void close() throws InterruptedException {
        usageChannels.forEach(ManagedChannel::shutdownNow);
        scoreChannels.forEach(ManagedChannel::shutdownNow);
        for (ServiceProcess replica : scoreReplicas) {
            replica.close();
        }
        for (ServiceProcess replica : usageReplicas) {
            replica.close();
        }
        database.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
