package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
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
import successscore.score.v1.ExplainScoreRequest;
import successscore.score.v1.ExplainScoreResponse;

/** {@code css explain TENANT [--at INSTANT]}: the score in force at an instant, line by line. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explains the score in force at an instant: weights, contributions, evidence and cause.")
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    SuiteTarget target;
    @Mixin
    Output output;
    @Parameters(paramLabel = "TENANT", description = "the tenant id")
    String tenantId;
    @Option(names = "--at", paramLabel = "INSTANT", description = "the instant (ISO-8601; default now)")
    Instant at;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            ExplainScoreRequest.Builder request = ExplainScoreRequest.newBuilder().setTenantId(tenantId);
            if (at != null) {
                request.setAsOfTime(ProtoTime.timestamp(at));
            }
            ExplainScoreResponse response = suite.score().explainScore(request.build());
            if (output.json()) {
                Output.printJson(out, response);
            } else {
                response.getExplanationList().forEach(out::println);
            }
            out.flush();
        }
        return 0;
    }
}
