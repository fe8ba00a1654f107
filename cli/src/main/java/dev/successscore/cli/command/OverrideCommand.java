package dev.successscore.cli.command;

import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import dev.successscore.runtime.grpc.ProtoTime;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import successscore.score.v1.ClearOverrideRequest;
import successscore.score.v1.Score;
import successscore.score.v1.SetOverrideRequest;

/** {@code css override set | clear}: a person's override of a tenant's composite. */
@Command(name = "override", mixinStandardHelpOptions = true,
        description = "Overrides a tenant's composite until an expiry, or ends the override. The computed score "
                + "stays visible and both are recorded with their author and reason.",
        subcommands = {OverrideCommand.Set.class, OverrideCommand.Clear.class})
public final class OverrideCommand {

    static void printScore(PrintWriter out, Output output, Score score) {
        if (output.json()) {
            Output.printJson(out, score);
        } else {
            out.printf("%s: composite %s (computed %s)%s%n", score.getTenantId(), score.getComposite(),
                    score.getComputedComposite(), score.hasOverride()
                            ? ", overridden until " + ProtoTime.instant(score.getOverride().getExpireTime()) : "");
        }
        out.flush();
    }

    /** {@code css override set TENANT --value V --until T --author A --reason R}. */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Overrides the composite until --until.")
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SuiteTarget target;
        @Mixin
        Output output;
        @Parameters(paramLabel = "TENANT", description = "the tenant id")
        String tenantId;
        @Option(names = "--value", required = true, paramLabel = "DECIMAL", description = "0..100, one decimal at most")
        String value;
        @Option(names = "--until", required = true, paramLabel = "INSTANT", description = "expiry (ISO-8601)")
        Instant until;
        @Option(names = "--author", required = true, paramLabel = "NAME", description = "who sets it")
        String author;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why")
        String reason;
        @Option(names = "--request-id", paramLabel = "ID", description = "idempotency key (default: a new one)")
        String requestId;

        @Override
        public Integer call() {
            try (SuiteChannels suite = SuiteChannels.open(target)) {
                Score score = suite.score().setOverride(SetOverrideRequest.newBuilder().setTenantId(tenantId)
                        .setValue(value).setExpireTime(ProtoTime.timestamp(until)).setAuthor(author).setReason(reason)
                        .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString()).build())
                        .getScore();
                printScore(spec.commandLine().getOut(), output, score);
            }
            return 0;
        }
    }

    /** {@code css override clear TENANT --author A --reason R}. */
    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Ends the tenant's override.")
    static final class Clear implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SuiteTarget target;
        @Mixin
        Output output;
        @Parameters(paramLabel = "TENANT", description = "the tenant id")
        String tenantId;
        @Option(names = "--author", required = true, paramLabel = "NAME", description = "who ends it")
        String author;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why")
        String reason;

        @Override
        public Integer call() {
            try (SuiteChannels suite = SuiteChannels.open(target)) {
                Score score = suite.score().clearOverride(ClearOverrideRequest.newBuilder().setTenantId(tenantId)
                        .setAuthor(author).setReason(reason).build()).getScore();
                printScore(spec.commandLine().getOut(), output, score);
            }
            return 0;
        }
    }
}
