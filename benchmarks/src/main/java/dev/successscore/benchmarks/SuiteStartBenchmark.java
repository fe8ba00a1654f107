package dev.successscore.benchmarks;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the whole suite (figures printed, nothing asserted): from launching {@code css run} as a new JVM to
 * all four services answering SERVING on the gRPC health service. Once on an empty data folder (PostgreSQL's
 * initdb, four databases created and migrated), then {@code bench.restarts} times (3) on the data it left, each
 * after a graceful stop. Ports are the defaults plus {@code bench.portOffset} (500).
 */
public final class SuiteStartBenchmark {

    private SuiteStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int restarts = Integer.getInteger("bench.restarts", 3);
        int offset = Integer.getInteger("bench.portOffset", 500);
        Path data = Files.createTempDirectory("suite-start-bench");
        System.out.printf("Cold start of css run to all four services SERVING (data in %s)%n", data);
        for (int run = 0; run <= restarts; run++) {
            Process suite = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), "dev.successscore.cli.Css", "run", "--insecure",
                    "--data-dir", data.toString(), "--port-offset", Integer.toString(offset))
                    .redirectErrorStream(true).redirectOutput(data.resolve("run-" + run + ".log").toFile()).start();
            long launched = System.nanoTime();
            awaitServing(offset, suite);
            double seconds = (System.nanoTime() - launched) / 1e9;
            System.out.printf("  %s: %.2f s%n", run == 0 ? "first start (empty data folder)" : "restart " + run,
                    seconds);
            suite.destroy();
            if (!suite.waitFor(60, TimeUnit.SECONDS)) {
                suite.destroyForcibly();
                throw new IllegalStateException("css run did not stop within 60 s");
            }
        }
    }

    /** This benchmark's class path (under exec:java, the class loader's, not Maven's own). */
    private static String classPath() {
        if (SuiteStartBenchmark.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static void awaitServing(int offset, Process suite) throws InterruptedException {
        List<ManagedChannel> channels = new ArrayList<>();
        for (int port = 7100; port <= 7103; port++) {
            channels.add(ManagedChannelBuilder.forAddress("localhost", port + offset).usePlaintext().build());
        }
        try {
            for (ManagedChannel channel : channels) {
                while (true) {
                    if (!suite.isAlive()) {
                        throw new IllegalStateException("css run exited with " + suite.exitValue());
                    }
                    try {
                        if (HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                                .check(HealthCheckRequest.getDefaultInstance()).getStatus()
                                == HealthCheckResponse.ServingStatus.SERVING) {
                            break;
                        }
                    } catch (RuntimeException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(20);
                }
            }
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }
}
