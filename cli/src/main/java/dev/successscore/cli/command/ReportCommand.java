package dev.successscore.cli.command;

import dev.successscore.cli.client.SuiteTarget;
import dev.successscore.cli.report.HistoryGatherer;
import dev.successscore.cli.report.ReportRenderer;
import dev.successscore.cli.report.TenantHistory;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code css report TENANT --out FILE}: the auditor's report of a tenant's score history, one HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the auditor's report of a tenant: its whole score history with every cause, weight, "
                + "contribution, evidence, alert and hash, the policy versions in force, and score-service's "
                + "verification of the history, as one self-contained HTML page.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SuiteTarget target;

    @Parameters(index = "0", paramLabel = "TENANT", description = "the tenant id")
    String tenantId;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "the HTML file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        TenantHistory history;
        ManagedChannel channel = target.channel(target.score());
        try {
            history = new HistoryGatherer(channel, "score-service at " + target.score(), target.deadlineMillis(),
                    HistoryGatherer.MAX_PAGE_SIZE, Clock.systemUTC()).gather(tenantId);
        } finally {
            SuiteTarget.close(channel);
        }
        Path file = out.toAbsolutePath().normalize();
        write(file, new ReportRenderer().render(history));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("Wrote the report of tenant %s to %s: %d changes, history %s%n", tenantId, file,
                history.changes().size(), history.verification().getValid() ? "valid" : "NOT valid");
        stdout.flush();
        return 0;
    }

    /** Writes beside the target and moves into place, so a reader never sees half a report. */
    private static void write(Path file, String html) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        Path partial = directory.resolve("." + file.getFileName() + ".partial");
        try {
            Files.writeString(partial, html, StandardCharsets.UTF_8);
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notOnThisFileSystem) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
