package dev.successscore.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.cli.Css;
import dev.successscore.cli.report.ScoredTenant;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code css verify} exits non-zero when a stored change has been altered, for one tenant and for all. */
class VerifyMismatchTest {

    @Test
    void aForgedHashMakesVerifyExitWithOneAndNameThePosition() {
        try (ScoredTenant suite = new ScoredTenant()) {
            String hash = suite.database().queryForObject("""
                    SELECT convert_from(payload, 'UTF8')::jsonb ->> 'hash' FROM domainevententry
                    WHERE aggregateidentifier = ? AND sequencenumber = 2""", String.class, ScoredTenant.TENANT);
            String forged = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
            suite.database().update("""
                    UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), ?, ?),
                    'UTF8') WHERE aggregateidentifier = ? AND sequencenumber = 2""", hash, forged, ScoredTenant.TENANT);

            for (String[] args : new String[][] {{"verify", ScoredTenant.TENANT}, {"verify"}}) {
                StringWriter out = new StringWriter();
                CommandLine commandLine = Css.commandLine().setOut(new PrintWriter(out, true));
                String[] withTarget = java.util.Arrays.copyOf(args, args.length + 2);
                withTarget[args.length] = "--target";
                withTarget[args.length + 1] = suite.target();
                assertThat(commandLine.execute(withTarget)).isEqualTo(VerifyCommand.EXIT_MISMATCH);
                assertThat(out.toString()).startsWith("MISMATCH").contains(ScoredTenant.TENANT + " at position 3")
                        .contains("hash");
            }
        }
    }
}
