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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service and score-service, each in its own JVM, on one PostgreSQL (the embedded server, in this JVM, with
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
    private final ManagedChannel usageChannel;
    private final ManagedChannel scoreChannel;

    /**
     * @param upstreamPort the port score-service reaches usage-service's feed on (0: usage-service's own port)
     * @param extra        further variables for both services
     */
    ProcessSuite(Path directory, int upstreamPort, Map<String, String> extra) {
        this.directory = directory;
        this.clockFile = directory.resolve("clock");
        this.databasePort = freePort();
        database = EmbeddedServer.start(directory.resolve("postgres"), databasePort);
        database.ensureDatabase("css_usage");
        database.ensureDatabase("css_score");
        int usagePort = freePort();
        int scorePort = freePort();
        Map<String, String> common = new HashMap<>(extra);
        common.put("CSS_CLOCK_FILE", clockFile.toString());
        common.put("CSS_DB_USER", EmbeddedServer.USER);
        common.put("CSS_DB_POOL_SIZE", "6");
        Map<String, String> usageEnv = new HashMap<>(common);
        usageEnv.put("CSS_DB_URL", database.jdbcUrl("css_usage"));
        usageEnv.put("CSS_USAGE_MEASURE_DELAY", StepLoad.MEASURE_DELAY.toString());
        usageEnv.put("CSS_USAGE_MEASURE_POLL", "100ms");
        Map<String, String> scoreEnv = new HashMap<>(common);
        scoreEnv.put("CSS_DB_URL", database.jdbcUrl("css_score"));
        scoreEnv.put("CSS_SCORE_UPSTREAMS", "usage-service=localhost:" + (upstreamPort == 0 ? usagePort : upstreamPort));
        scoreEnv.put("CSS_FEED_RETRY_INITIAL_BACKOFF", "100ms");
        scoreEnv.put("CSS_FEED_RETRY_MAX_BACKOFF", "1s");
        scoreEnv.put("CSS_FEED_BREAKER_OPEN_DURATION", "1s");
        usage = new ServiceProcess("usage-service", "dev.successscore.usage.UsageServiceApp", usagePort, usageEnv,
                directory);
        score = new ServiceProcess("score-service", "dev.successscore.score.ScoreServiceApp", scorePort, scoreEnv,
                directory);
        usageChannel = ManagedChannelBuilder.forTarget(usage.target()).usePlaintext().build();
        scoreChannel = ManagedChannelBuilder.forTarget(score.target()).usePlaintext().build();
    }

    /** Writes the clock, then starts both services. */
    ProcessSuite start(java.time.Instant now) {
        clockTo(now);
        usage.start(START);
        score.start(START);
        return this;
    }

    UsageServiceGrpc.UsageServiceBlockingStub usage(Duration deadline) {
        return UsageServiceGrpc.newBlockingStub(usageChannel).withDeadlineAfter(deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    ScoreServiceGrpc.ScoreServiceBlockingStub score(Duration deadline) {
        return ScoreServiceGrpc.newBlockingStub(scoreChannel).withDeadlineAfter(deadline.toMillis(),
                TimeUnit.MILLISECONDS);
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
        usageChannel.shutdownNow();
        scoreChannel.shutdownNow();
        score.close();
        usage.close();
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
