package dev.successscore.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.cli.Css;
import dev.successscore.cli.testing.JavaProcesses;
import dev.successscore.runtime.testing.LocalAddresses;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * {@code css run} as a process: four services on fixed ports printed at start, each with the gRPC health service
 * and server reflection; {@code css stop} stops it gracefully; the next start finds every score where it was; a
 * second suite on the same data folder is refused.
 */
class RunCommandTest {

    private static final int OFFSET = 1000;
    private static final List<String> SERVICES = List.of("score-service", "usage-service", "expertise-service",
            "health-service");

    @TempDir
    Path data;

    /** Starts css run; every line it prints goes to {@code output}; returns once it says it is serving. */
    private Process launch(List<String> output) throws Exception {
        Process process = JavaProcesses.java(List.of(), "dev.successscore.cli.Css", "run", "--insecure",
                        "--data-dir", data.toString(), "--port-offset", Integer.toString(OFFSET))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Void> serving = new CompletableFuture<>();
        Thread lines = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("Each port serves")) {
                        serving.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                serving.completeExceptionally(e);
            }
            serving.complete(null);
        }, "css-run-output");
        lines.setDaemon(true);
        lines.start();
        serving.get(120, TimeUnit.SECONDS);
        return process;
    }

    @Test
    void withoutTlsFilesAndAuthenticationItStartsNothingUnlessAskedForWithInsecure() {
        StringWriter err = new StringWriter();
        int exit = Css.commandLine().setErr(new PrintWriter(err, true))
                .execute("run", "--data-dir", data.toString(), "--port-offset", Integer.toString(OFFSET));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("TLS (CSS_TLS_CERT, CSS_TLS_KEY, CSS_TLS_CA)")
                .contains("caller authentication (CSS_AUTH_JWKS_FILE or CSS_AUTH_JWKS_URL)").contains("--insecure");
        assertThat(data).isEmptyDirectory();
    }

    private int stop() {
        StringWriter out = new StringWriter();
        return Css.commandLine().setOut(new PrintWriter(out, true)).execute("stop", "--data-dir", data.toString());
    }

    @Test
    void runsTheSuiteOnFixedPortsStopsGracefullyAndFindsItsScoresAgain() throws Exception {
        List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
        Process suite = launch(output);
        Score before;
        try {
            for (int i = 0; i < SERVICES.size(); i++) {
                int port = 7100 + i + OFFSET;
                assertThat(output).anySatisfy(line -> assertThat(line).contains("localhost:" + port));
                ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
                try {
                    assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                    assertThat(reflectedServices(channel)).anySatisfy(name -> assertThat(name)
                            .startsWith("successscore."));
                } finally {
                    channel.shutdownNow();
                }
            }
            assertThat(output).anySatisfy(line -> assertThat(line).contains("postgresql").contains(
                    "localhost:" + (7109 + OFFSET)));
            // without TLS files the suite says that it is plaintext
            assertThat(output).anySatisfy(line -> assertThat(line).startsWith("PLAINTEXT").contains("CSS_INSECURE"));
            // callers are not authenticated: nothing but this machine reaches the services and their database
            Optional<InetAddress> other = LocalAddresses.otherThanLoopback();
            if (other.isPresent()) {
                for (int i = 0; i < SERVICES.size(); i++) {
                    assertThat(LocalAddresses.accepts(other.get(), 7100 + i + OFFSET)).isFalse();
                    assertThat(LocalAddresses.accepts(other.get(), 9100 + i + OFFSET)).isFalse();
                }
                assertThat(LocalAddresses.accepts(other.get(), 7109 + OFFSET)).isFalse();
            }

            // a second suite on the same data folder is refused
            Process second = JavaProcesses.java(List.of(), "dev.successscore.cli.Css", "run", "--insecure",
                    "--data-dir", data.toString(), "--port-offset", Integer.toString(OFFSET + 100))
                    .redirectErrorStream(true).start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isNotZero();
            assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("A suite already runs on");

            before = scoreOfANewTenant();
        } catch (Throwable e) {
            suite.destroyForcibly();
            throw e;
        }
        assertThat(stop()).isZero();
        assertThat(suite.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // SIGTERM: the JVM ends with 128 + 15 once the shutdown hook has stopped the suite (SIGKILL would be 137)
        assertThat(suite.exitValue()).isEqualTo(143);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
                .as("a graceful stop").anySatisfy(line -> assertThat(line).startsWith("The suite stopped")));
        assertThat(stop()).as("nothing left to stop").isEqualTo(1);

        Process again = launch(new ArrayList<>());
        try {
            assertThat(score()).as("the score and its history where they were").isEqualTo(before);
        } finally {
            assertThat(stop()).isZero();
            again.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Score scoreOfANewTenant() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", 7101 + OFFSET).usePlaintext().build();
        try {
            UsageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).setEntitlements(
                    SetEntitlementsRequest.newBuilder().setTenantId("persisted").setLicensedSeats(10)
                            .addEnabledFeatures("reports").build());
        } finally {
            channel.shutdownNow();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return score();
            } catch (io.grpc.StatusRuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Score score() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", 7100 + OFFSET).usePlaintext().build();
        try {
            return ScoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getScore(GetScoreRequest.newBuilder().setTenantId("persisted").build()).getScore();
        } finally {
            channel.shutdownNow();
        }
    }

    private static List<String> reflectedServices(ManagedChannel channel) throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();
        return answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(s -> s.getName()).toList();
    }
}
