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
import successscore.score.v1.Mismatch;
import successscore.score.v1.VerifyHistoryRequest;
import successscore.score.v1.VerifyHistoryResponse;

/** {@code css verify [TENANT]}: recomputes every recorded change and checks the hash chains. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recomputes every recorded change of one tenant (or all) and checks the hash chain. "
                + "Exits with 1 when anything does not match.")
public final class VerifyCommand implements Callable<Integer> {

    /** Exit code when a history does not verify. */
    public static final int EXIT_MISMATCH = 1;

    @Spec
    CommandSpec spec;
    @Mixin
    SuiteTarget target;
    @Mixin
    Output output;
    @Parameters(paramLabel = "TENANT", arity = "0..1", description = "the tenant (default every tenant)")
    String tenantId = "";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SuiteChannels suite = SuiteChannels.open(target)) {
            VerifyHistoryResponse response = suite.score().verifyHistory(
                    VerifyHistoryRequest.newBuilder().setTenantId(tenantId).build());
            if (output.json()) {
                Output.printJson(out, response);
            } else {
                out.printf("%s: %d tenants, %d changes checked%n", response.getValid() ? "valid" : "MISMATCH",
                        response.getTenantsChecked(), response.getChangesChecked());
                for (Mismatch mismatch : response.getMismatchesList()) {
                    out.printf("  %s at position %d: %s (expected %s, found %s) %s%n", mismatch.getTenantId(),
                            mismatch.getPosition(), ScoreText.name(mismatch.getKind().name(), "MISMATCH_KIND_"),
                            mismatch.getExpected(), mismatch.getActual(), mismatch.getDetail());
                }
            }
            out.flush();
            return response.getValid() ? 0 : EXIT_MISMATCH;
        }
    }
}
