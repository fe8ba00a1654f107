package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.ScoreText;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.Score;

/** {@code css score TENANT}: the tenant's current score. */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Shows a tenant's current score.")
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    SuiteTarget target;
    @Mixin
    Output output;
    @Parameters(paramLabel = "TENANT", description = "the tenant id")
    String tenantId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            Score score = suite.score().getScore(GetScoreRequest.newBuilder().setTenantId(tenantId).build())
                    .getScore();
            if (output.json()) {
                Output.printJson(out, score);
                return 0;
            }
            out.printf("%s: %s %s (policy v%d, change %d at %s)%n", score.getTenantId(),
                    ScoreText.composite(score.getState(), score.getComposite()), ScoreText.band(score.getBand()),
                    score.getPolicyVersion(), score.getPosition(), ScoreText.time(score.getChangeTime()));
            if (!score.getInsufficientDataReason().isEmpty()) {
                out.println("  insufficient data: " + score.getInsufficientDataReason());
            }
            if (score.hasOverride()) {
                out.printf("  overridden to %s by %s until %s (computed %s): %s%n", score.getOverride().getValue(),
                        score.getOverride().getAuthor(), ScoreText.time(score.getOverride().getExpireTime()),
                        score.getComputedComposite(), score.getOverride().getReason());
            }
            for (CategoryScore category : score.getCategoriesList()) {
                out.printf("  %-28s %6s  weight %-5s contribution %s%s%n",
                        ScoreText.name(category.getCategory().name(), "CATEGORY_"),
                        category.getAvailable() ? category.getScore() : "n/a", category.getWeight(),
                        category.getContribution(), category.getStale() ? "  (stale: source unreachable)" : "");
            }
            out.println("  adoption level: " + ScoreText.adoptionLevel(score.getCategoriesList()));
            out.println("  latest alert: " + ScoreText.latestAlert(score));
            out.flush();
        }
        return 0;
    }
}
