package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.ScoreText;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import successscore.score.v1.Alert;
import successscore.score.v1.WatchScoreChangesRequest;
import successscore.score.v1.WatchScoreChangesResponse;

/** {@code css watch [TENANT]}: follows recorded changes as they happen (WatchScoreChanges). */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follows score changes as they are recorded, until Ctrl-C or --limit changes. Each line ends "
                + "with the position to resume from (--after).")
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    SuiteTarget target;
    @Mixin
    Output output;
    @Parameters(paramLabel = "TENANT", arity = "0..1", description = "only this tenant (default every tenant)")
    String tenantId = "";
    @Option(names = "--alerts-only", description = "only changes that raised an alert")
    boolean alertsOnly;
    @Option(names = "--from-beginning", description = "replay from the first change instead of following from now")
    boolean fromBeginning;
    @Option(names = "--after", paramLabel = "POSITION", description = "resume after this position")
    String after = "";
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "stop after N changes (default: follow until Ctrl-C)")
    long limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            Iterator<WatchScoreChangesResponse> changes = suite.scoreFollow().watchScoreChanges(
                    WatchScoreChangesRequest.newBuilder().setTenantId(tenantId).setAlertsOnly(alertsOnly)
                            .setAfterPosition(after).setFromBeginning(fromBeginning).build());
            long seen = 0;
            while ((limit == 0 || seen < limit) && changes.hasNext()) {
                WatchScoreChangesResponse response = changes.next();
                seen++;
                if (output.json()) {
                    Output.printJson(out, response);
                    continue;
                }
                out.println(response.getChange().getTenantId() + " " + ScoreText.changeLine(response.getChange())
                        + "  @" + response.getPosition());
                for (Alert alert : response.getChange().getAlertsRaisedList()) {
                    out.println("      alert " + ScoreText.name(alert.getKind().name(), "ALERT_KIND_") + ": "
                            + alert.getMessage());
                }
                out.flush();
            }
        }
        return 0;
    }
}
