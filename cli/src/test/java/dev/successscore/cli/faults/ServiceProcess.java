package dev.successscore.cli.faults;

import dev.successscore.cli.testing.JavaProcesses;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service in its own JVM, started as it is deployed: its main class, configured by environment variables only.
 * It can be stopped gracefully (SIGTERM), killed (SIGKILL) and started again with the same configuration.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final String mainClass;
    private final Map<String, String> environment;
    private final int port;
    private final Path log;
    private Process process;
    private int starts;

    ServiceProcess(String name, String mainClass, int port, Map<String, String> environment, Path logDirectory) {
        this(name, 1, mainClass, port, environment, logDirectory);
    }

    /** Replica {@code replica} (from 1) of a service; each replica logs to a file of its own. */
    ServiceProcess(String name, int replica, String mainClass, int port, Map<String, String> environment,
                   Path logDirectory) {
        this.name = name;
        this.mainClass = mainClass;
        this.port = port;
        this.environment = environment;
        this.log = logDirectory.resolve(replica == 1 ? name + ".log" : name + "-" + replica + ".log");
    }

    int port() {
        return port;
    }

    String target() {
        return "localhost:" + port;
    }

    /** Starts the JVM and waits until its gRPC health service says SERVING. */
    ServiceProcess start(Duration timeout) {
        ProcessBuilder builder = JavaProcesses.java(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), mainClass)
                .redirectErrorStream(true)
                .redirectOutput(starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile())
                        : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("CSS_"));
        builder.environment().putAll(environment);
        builder.environment().put(portVariable(), Integer.toString(port));
        // metrics on any free port: fixed ones would collide with whatever else runs on this machine
        builder.environment().put(portVariable().replace("_PORT", "_METRICS_PORT"), "0");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        awaitServing(timeout);
        return this;
    }

    private String portVariable() {
        return switch (name) {
            case "score-service" -> "CSS_SCORE_PORT";
            case "usage-service" -> "CSS_USAGE_PORT";
            case "expertise-service" -> "CSS_EXPERTISE_PORT";
            case "health-service" -> "CSS_HEALTH_PORT";
            default -> throw new IllegalArgumentException(name);
        };
    }

    private void awaitServing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target()).usePlaintext().build();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(1, TimeUnit.SECONDS).check(HealthCheckRequest.newBuilder().build());
                    if (health.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(name + " did not report SERVING within " + timeout + "; see " + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
