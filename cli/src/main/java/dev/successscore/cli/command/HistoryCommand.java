package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.ScoreText;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import dev.successscore.runtime.grpc.ProtoTime;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreHistoryResponse;
import successscore.score.v1.ScoreChange;

/** {@code css history TENANT}: every recorded change, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Lists a tenant's recorded changes, oldest first: position, time, cause, composite, band, hash.")
public final class HistoryCommand implements Callable<Integer> {

    private static final int PAGE_SIZE = 1000;

    @Spec
    CommandSpec spec;
    @Mixin
    SuiteTarget target;
    @Mixin
    Output output;
    @Parameters(paramLabel = "TENANT", description = "the tenant id")
    String tenantId;
    @Option(names = "--from", paramLabel = "INSTANT", description = "first instant, inclusive (ISO-8601)")
    Instant from;
    @Option(names = "--to", paramLabel = "INSTANT", description = "last instant, exclusive (ISO-8601)")
    Instant to;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            GetScoreHistoryRequest.Builder request = GetScoreHistoryRequest.newBuilder().setTenantId(tenantId)
                    .setPageSize(PAGE_SIZE);
            if (from != null) {
                request.setStartTime(ProtoTime.timestamp(from));
            }
            if (to != null) {
                request.setEndTime(ProtoTime.timestamp(to));
            }
            String pageToken = "";
            do {
                GetScoreHistoryResponse page = suite.score().getScoreHistory(request.setPageToken(pageToken).build());
                for (ScoreChange change : page.getChangesList()) {
                    if (output.json()) {
                        Output.printJson(out, change);
                    } else {
                        out.println(ScoreText.changeLine(change));
                    }
                }
                pageToken = page.getNextPageToken();
            } while (!pageToken.isEmpty());
            out.flush();
        }
        return 0;
    }
}
