package dev.successscore.cli.command;

import com.google.protobuf.util.JsonFormat;
import dev.successscore.cli.client.Output;
import dev.successscore.cli.client.ScoreText;
import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.client.SuiteTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import successscore.score.v1.GetPolicyRequest;
import successscore.score.v1.PublishPolicyRequest;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.SignalWeight;
import successscore.score.v1.SignalWeights;
import successscore.score.v1.SimulatePolicyRequest;
import successscore.score.v1.SimulatePolicyResponse;
import successscore.score.v1.SimulatedPoint;
import successscore.score.v1.WeightTable;

/** {@code css policy show | publish | simulate}: the scoring policy. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Shows, publishes or simulates a scoring policy (a ScoringPolicy in the proto3 JSON mapping).",
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Publish.class, PolicyCommand.Simulate.class})
public final class PolicyCommand {

    static ScoringPolicy read(CommandSpec spec, Path file) {
        try {
            ScoringPolicy.Builder policy = ScoringPolicy.newBuilder();
            JsonFormat.parser().merge(Files.readString(file, StandardCharsets.UTF_8), policy);
            return policy.build();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read the policy " + file + ": " + e.getMessage());
        }
    }

    /** {@code css policy show [--version N]}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows a policy version (default current).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SuiteTarget target;
        @Mixin
        Output output;
        @Option(names = "--version", paramLabel = "N", defaultValue = "0", description = "the version (0: current)")
        int version;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (SuiteChannels suite = SuiteChannels.open(target)) {
                ScoringPolicy policy = suite.score().getPolicy(GetPolicyRequest.newBuilder().setVersion(version)
                        .build()).getPolicy();
                if (output.json()) {
                    Output.printJson(out, policy);
                    return 0;
                }
                out.printf("policy v%d, published %s by %s%s%n", policy.getVersion(),
                        ScoreText.time(policy.getPublishTime()), policy.getPublishedBy(),
                        policy.getDescription().isEmpty() ? "" : ": " + policy.getDescription());
                for (WeightTable table : policy.getWeightTablesList()) {
                    out.println("  weights: " + table.getWeightsList().stream()
                            .map(w -> ScoreText.name(w.getCategory().name(), "CATEGORY_") + " " + w.getWeight() + "%")
                            .collect(Collectors.joining(", ")));
                }
                for (SignalWeights signals : policy.getSignalWeightsList()) {
                    out.println("  " + ScoreText.name(signals.getCategory().name(), "CATEGORY_") + " signals: "
                            + signals.getWeightsList().stream().map(PolicyCommand::signal)
                            .collect(Collectors.joining(", ")));
                }
                out.printf("  bands: at risk below %d, needs attention from %d, healthy from %d%n",
                        policy.getBands().getNeedsAttentionFrom(), policy.getBands().getNeedsAttentionFrom(),
                        policy.getBands().getHealthyFrom());
                policy.getStalenessLimitsList().forEach(limit -> out.printf("  %s stale after %d days%n",
                        ScoreText.name(limit.getCategory().name(), "CATEGORY_"), limit.getLimitDays()));
                out.printf("  alert on a drop of %d points within %d days%n",
                        policy.getAlertThresholds().getScoreDropPoints(),
                        policy.getAlertThresholds().getScoreDropLookbackDays());
                out.flush();
            }
            return 0;
        }
    }

    /** {@code css policy publish --file F --by NAME}. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publishes a new policy version; every tenant is re-scored forward. A retry with the same "
                    + "--request-id publishes once.")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SuiteTarget target;
        @Mixin
        Output output;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "the policy, as JSON")
        Path file;
        @Option(names = "--by", required = true, paramLabel = "NAME", description = "who publishes it")
        String publishedBy;
        @Option(names = "--request-id", paramLabel = "ID", description = "idempotency key (default: a new one)")
        String requestId;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String id = requestId != null ? requestId : UUID.randomUUID().toString();
            try (SuiteChannels suite = SuiteChannels.open(target)) {
                ScoringPolicy published = suite.score().publishPolicy(PublishPolicyRequest.newBuilder()
                        .setPolicy(read(spec, file)).setPublishedBy(publishedBy).setRequestId(id).build())
                        .getPolicy();
                if (output.json()) {
                    Output.printJson(out, published);
                } else {
                    out.printf("published policy v%d (request id %s)%n", published.getVersion(), id);
                }
                out.flush();
            }
            return 0;
        }
    }

    /** {@code css policy simulate TENANT --file F}. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Re-scores a tenant's recorded history under a proposed policy; changes nothing.")
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SuiteTarget target;
        @Mixin
        Output output;
        @Parameters(paramLabel = "TENANT", description = "the tenant id")
        String tenantId;
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "the proposed policy, as JSON")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (SuiteChannels suite = SuiteChannels.open(target)) {
                SimulatePolicyResponse response = suite.score().simulatePolicy(SimulatePolicyRequest.newBuilder()
                        .setTenantId(tenantId).setPolicy(read(spec, file)).build());
                if (output.json()) {
                    Output.printJson(out, response);
                    return 0;
                }
                out.println("position  time                         cause                 recorded            simulated");
                for (SimulatedPoint point : response.getPointsList()) {
                    out.printf("%8d  %-27s  %-20s  %6s %-12s %6s %s%n", point.getPosition(),
                            ScoreText.time(point.getChangeTime()),
                            ScoreText.name(point.getCauseType().name(), "CAUSE_TYPE_"),
                            ScoreText.composite(point.getRecordedState(), point.getRecordedComposite()),
                            ScoreText.band(point.getRecordedBand()),
                            ScoreText.composite(point.getSimulatedState(), point.getSimulatedComposite()),
                            ScoreText.band(point.getSimulatedBand()));
                }
                out.flush();
            }
            return 0;
        }
    }

    private static String signal(SignalWeight weight) {
        return weight.getSignalKey() + " " + weight.getWeight();
    }
}
