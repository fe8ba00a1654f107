package dev.successscore.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.cli.Css;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run css(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Css.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A local port nothing listens on. */
    private static String deadTarget() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "localhost:" + socket.getLocalPort();
        }
    }

    @Test
    void fewerThanFiftyTenantsIsAUsageError() throws Exception {
        Run run = css("demo", "--target", deadTarget(), "--tenants", "49");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("--tenants must be at least 50");
    }

    @Test
    void aNowTheServicesWouldRefuseIsAUsageError() throws Exception {
        String target = deadTarget();
        Run tooOld = css("demo", "--target", target, "--now", Instant.now().minus(Duration.ofDays(10)).toString());
        Run future = css("demo", "--target", target, "--now", Instant.now().plus(Duration.ofHours(1)).toString());
        Run garbled = css("demo", "--target", target, "--now", "yesterday");

        assertThat(tooOld.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(tooOld.err()).contains("--now must lie within the 3 days before");
        assertThat(future.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(garbled.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(garbled.err()).contains("not an ISO-8601 instant");
    }

    @Test
    void anUnreachableSuiteIsAFailedCallNotAStackTrace() throws Exception {
        String target = deadTarget();
        Run run = css("demo", "--target", target, "--usage-target", target, "--expertise-target", target,
                "--health-target", target, "--deadline", "2s");

        assertThat(run.exitCode()).isEqualTo(Css.EXIT_CALL_FAILED);
        assertThat(run.err()).contains("css: UNAVAILABLE").doesNotContain("at dev.successscore");
    }

    @Test
    void theDemoIsACommandOfCss() {
        Run help = css("demo", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--seed", "--tenants", "--now", "--wait", "--json", "--target");
    }
}
