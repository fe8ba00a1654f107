package dev.successscore.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.successscore.cli.Css;
import dev.successscore.cli.report.ScoredTenant;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import successscore.score.v1.Bands;
import successscore.score.v1.ExplainScoreRequest;
import successscore.score.v1.GetPolicyRequest;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.SimulatePolicyResponse;
import successscore.score.v1.VerifyHistoryResponse;
import successscore.score.v1.WatchScoreChangesResponse;

/** Every css read and write command against a real score-service holding a real history. */
class CssCommandsTest {

    private static ScoredTenant suite;
    private static ManagedChannel channel;
    private static ScoreServiceGrpc.ScoreServiceBlockingStub api;
    private static final String TENANT = ScoredTenant.TENANT;

    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
        }
    }

    @BeforeAll
    static void start() {
        suite = new ScoredTenant();
        channel = ManagedChannelBuilder.forTarget(suite.target()).usePlaintext().build();
        api = ScoreServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        suite.close();
    }

    private static Run css(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Css.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] withTarget = Arrays.copyOf(args, args.length + 2);
        withTarget[args.length] = "--target";
        withTarget[args.length + 1] = suite.target();
        int exit = commandLine.execute(withTarget);
        return new Run(exit, out.toString(), err.toString());
    }

    private static <T extends Message> T parse(String json, Message.Builder builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        @SuppressWarnings("unchecked")
        T message = (T) builder.build();
        return message;
    }

    private static Score current() {
        return api.getScore(GetScoreRequest.newBuilder().setTenantId(TENANT).build()).getScore();
    }

    @Test
    void scoreShowsTheCompositeBandAndCategoriesAndAsJsonIsTheApisAnswer() throws Exception {
        Score score = current();
        Run text = css("score", TENANT);
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains(TENANT + ": " + score.getComposite()).contains("product adoption")
                .contains("customer expertise").contains("technical health").contains("adoption level");

        Run json = css("score", TENANT, "--json");
        assertThat(json.exitCode()).isZero();
        assertThat((Score) parse(json.out(), Score.newBuilder())).isEqualTo(score);
    }

    @Test
    void listShowsTheTableAndFiltersByBand() throws Exception {
        Score score = current();
        Run table = css("list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.lines().get(0)).startsWith("TENANT").contains("SCORE").contains("BAND");
        assertThat(table.out()).contains(TENANT).contains("1 tenants");

        String band = score.getBand().name().substring("BAND_".length()).toLowerCase(java.util.Locale.ROOT);
        Run same = css("list", "--band", band, "--json");
        assertThat(same.lines()).hasSize(1);
        assertThat(((Score) parse(same.lines().get(0), Score.newBuilder())).getTenantId()).isEqualTo(TENANT);
        String other = band.equals("healthy") ? "at_risk" : "healthy";
        assertThat(css("list", "--band", other, "--json").lines()).isEmpty();
    }

    @Test
    void anUnknownTenantExitsWithTheCallFailedCodeAndSaysNotFound() {
        Run run = css("score", "nobody-here");
        assertThat(run.exitCode()).isEqualTo(Css.EXIT_CALL_FAILED);
        assertThat(run.err()).contains("NOT_FOUND");
    }

    @Test
    void historyListsEveryChangeOldestFirstAndAsJsonLines() throws Exception {
        List<ScoreChange> history = suite.history();
        Run text = css("history", TENANT);
        assertThat(text.lines()).hasSize(history.size());
        assertThat(text.lines().get(0)).contains(history.get(0).getHash().substring(0, 12));

        Run json = css("history", TENANT, "--json");
        assertThat(json.lines()).hasSize(history.size());
        for (int i = 0; i < history.size(); i++) {
            assertThat((ScoreChange) parse(json.lines().get(i), ScoreChange.newBuilder())).isEqualTo(history.get(i));
        }
    }

    @Test
    void explainAsOfAnInstantPrintsTheServicesExplanation() {
        List<ScoreChange> history = suite.history();
        ScoreChange second = history.get(1);
        Instant at = Instant.ofEpochSecond(second.getChangeTime().getSeconds(), second.getChangeTime().getNanos());
        List<String> expected = api.explainScore(ExplainScoreRequest.newBuilder().setTenantId(TENANT)
                .setAsOfTime(second.getChangeTime()).build()).getExplanationList();
        Run run = css("explain", TENANT, "--at", at.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).isEqualTo(expected);
    }

    @Test
    void watchFromTheBeginningReplaysChangesInOrder() throws Exception {
        Run run = css("watch", TENANT, "--from-beginning", "--limit", "3", "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(3);
        List<ScoreChange> history = suite.history();
        for (int i = 0; i < 3; i++) {
            WatchScoreChangesResponse response = parse(run.lines().get(i), WatchScoreChangesResponse.newBuilder());
            assertThat(response.getChange().getPosition()).isEqualTo(history.get(i).getPosition());
        }
    }

    @Test
    void verifyOfAnIntactHistoryExitsZero() throws Exception {
        Run text = css("verify", TENANT);
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("valid: 1 tenants");
        VerifyHistoryResponse json = parse(css("verify", "--json").out(), VerifyHistoryResponse.newBuilder());
        assertThat(json.getValid()).isTrue();
    }

    @Test
    void policyShowSimulateAndPublish() throws Exception {
        ScoringPolicy current = parse(css("policy", "show", "--json").out(), ScoringPolicy.newBuilder());
        assertThat(current).isEqualTo(api.getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy());
        assertThat(css("policy", "show").out()).contains("policy v" + current.getVersion()).contains("bands:");

        ScoringPolicy stricter = current.toBuilder().setBands(Bands.newBuilder().setNeedsAttentionFrom(90)
                .setHealthyFrom(95)).build();
        Path file = directory.resolve("stricter.json");
        Files.writeString(file, JsonFormat.printer().print(stricter));
        int changes = suite.history().size();
        SimulatePolicyResponse simulated = parse(css("policy", "simulate", TENANT, "--file", file.toString(),
                "--json").out(), SimulatePolicyResponse.newBuilder());
        assertThat(simulated.getPointsList()).hasSize(changes);
        assertThat(suite.history()).as("a simulation changes nothing").hasSize(changes);

        Run published = css("policy", "publish", "--file", file.toString(), "--by", "auditor", "--request-id",
                "publish-stricter");
        assertThat(published.exitCode()).isZero();
        assertThat(published.out()).contains("published policy v" + (current.getVersion() + 1));
        Run retried = css("policy", "publish", "--file", file.toString(), "--by", "auditor", "--request-id",
                "publish-stricter");
        assertThat(retried.out()).as("a retry publishes once").contains("v" + (current.getVersion() + 1));
        assertThat(api.getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy().getVersion())
                .isEqualTo(current.getVersion() + 1);
        // the roll-out re-scores tenants in the background; the other tests read a settled history
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> current().getPolicyVersion() == current.getVersion() + 1);
    }

    @Test
    void overrideSetAndClear() {
        Instant until = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Run set = css("override", "set", TENANT, "--value", "88.5", "--until", until.toString(), "--author",
                "csm@example.com", "--reason", "renewal signed");
        assertThat(set.exitCode()).isZero();
        assertThat(current().getComposite()).isEqualTo("88.5");
        assertThat(current().getOverride().getAuthor()).isEqualTo("csm@example.com");

        Run cleared = css("override", "clear", TENANT, "--author", "csm@example.com", "--reason", "done");
        assertThat(cleared.exitCode()).isZero();
        assertThat(current().hasOverride()).isFalse();
        assertThat(current().getComposite()).isEqualTo(current().getComputedComposite());
    }

    @Test
    void anOverrideOutsideZeroToHundredIsRefusedNamingTheField() {
        Run run = css("override", "set", TENANT, "--value", "101", "--until", "2030-01-01T00:00:00Z", "--author",
                "a", "--reason", "r");
        assertThat(run.exitCode()).isEqualTo(Css.EXIT_CALL_FAILED);
        assertThat(run.err()).contains("INVALID_ARGUMENT");
    }
}
