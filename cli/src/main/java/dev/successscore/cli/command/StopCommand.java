package dev.successscore.cli.command;

import dev.successscore.cli.suite.SuitePidFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code css stop}: stops the suite that 'css run' started on a data folder, gracefully. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops the suite running on --data-dir gracefully (as Ctrl-C does) and waits until it has.")
public final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:CSS_SUITE_DATA_DIR:-.data}",
            description = "the suite's data folder (default ${DEFAULT-VALUE})")
    Path dataDirectory;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long to wait for the suite to stop (default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<ProcessHandle> suite = SuitePidFile.running(dataDirectory);
        if (suite.isEmpty()) {
            out.println("No suite runs on " + dataDirectory.toAbsolutePath().normalize());
            return 1;
        }
        suite.get().destroy();
        try {
            suite.get().onExit().get(waitSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            spec.commandLine().getErr().println("The suite (process " + suite.get().pid() + ") did not stop within "
                    + waitSeconds + " s");
            return 1;
        }
        out.println("The suite (process " + suite.get().pid() + ") stopped");
        return 0;
    }
}
