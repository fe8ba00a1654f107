package dev.successscore.cli;

import dev.successscore.cli.command.DemoCommand;
import dev.successscore.cli.command.ExplainCommand;
import dev.successscore.cli.command.HistoryCommand;
import dev.successscore.cli.command.OverrideCommand;
import dev.successscore.cli.command.PolicyCommand;
import dev.successscore.cli.command.ListCommand;
import dev.successscore.cli.command.ReportCommand;
import dev.successscore.cli.command.RunCommand;
import dev.successscore.cli.command.ScoreCommand;
import dev.successscore.cli.command.VerifyCommand;
import dev.successscore.cli.command.WatchCommand;
import dev.successscore.cli.command.StopCommand;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code css}: the Customer Success Score suite's command line. */
@Command(name = "css", mixinStandardHelpOptions = true, version = "css 0.1.0",
        description = "Runs the Customer Success Score suite on this machine and reads, explains, verifies and "
                + "reports its scores.",
        subcommands = {RunCommand.class, StopCommand.class, DemoCommand.class, ScoreCommand.class,
                ListCommand.class, HistoryCommand.class, ExplainCommand.class, WatchCommand.class,
                VerifyCommand.class, PolicyCommand.class, OverrideCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Css {

    /** Exit code of a command that cannot run as asked (a suite already running, a bad configuration). */
    public static final int EXIT_REFUSED = 1;
    /** Exit code of a call the suite refused or could not answer. */
    public static final int EXIT_CALL_FAILED = 2;

    public static void main(String[] args) {
        // the services' jars each carry a logback.xml for running alone; css logs its own way
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "css-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a refused call prints its status, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Css());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof StatusRuntimeException status) {
                line.getErr().println("css: " + status.getStatus().getCode() + ": "
                        + status.getStatus().getDescription());
                line.getErr().flush();
                return EXIT_CALL_FAILED;
            }
            if (exception instanceof IllegalStateException || exception instanceof IllegalArgumentException) {
                line.getErr().println("css: " + exception.getMessage());
                line.getErr().flush();
                return EXIT_REFUSED;
            }
            throw exception;
        });
        return commandLine;
    }
}
