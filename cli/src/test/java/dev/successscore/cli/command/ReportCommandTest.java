package dev.successscore.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.cli.Css;
import dev.successscore.cli.report.HistoryGatherer;
import dev.successscore.cli.report.ScoredTenant;
import dev.successscore.cli.report.TenantHistory;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import successscore.score.v1.ScoreChange;

/** {@code css report} and its gatherer against a real score-service with a real history. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandTest {

    private ScoredTenant scoreService;

    @TempDir
    Path folder;

    @BeforeAll
    void start() {
        scoreService = new ScoredTenant();
    }

    @AfterAll
    void stop() {
        if (scoreService != null) {
            scoreService.close();
        }
    }

    @Test
    void everyCallOfTheReportCarriesTheDeadline() {
        scoreService.forgetCalls();
        Run run = css("report", ScoredTenant.TENANT, "--out", folder.resolve("deadline.html").toString(),
                "--target", scoreService.target(), "--deadline", "7s");

        assertThat(run.exit).as("stderr: %s", run.err).isZero();
        List<ScoredTenant.ObservedCall> calls = scoreService.calls();
        assertThat(calls).extracting(ScoredTenant.ObservedCall::method)
                .containsExactly("GetScoreHistory", "GetPolicy", "GetPolicy", "VerifyHistory");
        assertThat(calls).allSatisfy(call -> assertThat(call.deadlineMillis()).as(call.method())
                .isNotNull().isPositive().isLessThanOrEqualTo(7_000));
    }

    @Test
    void theReportSaysWhereItWroteWhatItHolds() throws Exception {
        Path file = folder.resolve("nested").resolve("acme.html");
        Run run = css("report", ScoredTenant.TENANT, "--out", file.toString(), "--target", scoreService.target());

        assertThat(run.exit).as("stderr: %s", run.err).isZero();
        int changes = scoreService.history().size();
        assertThat(run.out).contains(file.toAbsolutePath().toString()).contains(changes + " changes");
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("data-change-count=\"" + changes + "\"");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("nothing but the report is left beside it").containsExactly(file);
        }
    }

    @Test
    void anUnknownTenantIsNotFoundAndWritesNothing() {
        Path file = folder.resolve("nobody.html");
        Run run = css("report", "nobody", "--out", file.toString(), "--target", scoreService.target());

        assertThat(run.exit).isEqualTo(Css.EXIT_CALL_FAILED);
        assertThat(run.err).contains("NOT_FOUND").contains("tenant 'nobody' not found");
        assertThat(file).doesNotExist();
    }

    @Test
    void theGathererReadsEveryPageAndEachPolicyVersionOfTheHistory() {
        List<ScoreChange> expected = scoreService.history();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(scoreService.target()).usePlaintext().build();
        try {
            scoreService.forgetCalls();
            TenantHistory history = new HistoryGatherer(channel, "test", 10_000, 2, Clock.systemUTC())
                    .gather(ScoredTenant.TENANT);

            assertThat(history.changes()).isEqualTo(expected);
            assertThat(scoreService.calls()).filteredOn(c -> c.method().equals("GetScoreHistory"))
                    .hasSize((expected.size() + 1) / 2);
            assertThat(history.policies().keySet()).containsExactlyElementsOf(
                    expected.stream().map(ScoreChange::getPolicyVersion).distinct().sorted().toList());
            history.policies().forEach((version, policy) -> assertThat(policy.getVersion()).isEqualTo(version));
            assertThat(history.verification().getValid()).isTrue();
            assertThat(history.verification().getChangesChecked()).isEqualTo(expected.size());
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run css(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine css = Css.commandLine();
        css.setOut(new PrintWriter(out));
        css.setErr(new PrintWriter(err));
        int exit = css.execute(arguments);
        return new Run(exit, out.toString(), err.toString());
    }
}
