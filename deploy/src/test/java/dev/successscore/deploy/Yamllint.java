package dev.successscore.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's yamllint for the chart's YAML. {@link #installed()} installs the {@code yamllint} package with
 * apt-get when {@code /usr/bin/yamllint} is missing and fails the test when it cannot.
 */
public final class Yamllint {

    public static final Path BINARY = Path.of("/usr/bin/yamllint");

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration LINT_TIMEOUT = Duration.ofMinutes(1);
    // another installation on this machine may hold dpkg's lock for a while
    private static final String LOCK_WAIT_SECONDS = "600";

    private Yamllint() {
    }

    /** What yamllint answered: its exit code and its findings (parsable format, one a line). */
    public record Result(int exitCode, String output) {
    }

    /** yamllint, installed with apt-get first when missing; an {@link AssertionError} when it cannot be. */
    public static synchronized Path installed() {
        if (Files.isExecutable(BINARY)) {
            return BINARY;
        }
        run(INSTALL_TIMEOUT, "apt-get", "-o", "DPkg::Lock::Timeout=" + LOCK_WAIT_SECONDS, "update");
        Result install = run(INSTALL_TIMEOUT, "apt-get", "-o", "DPkg::Lock::Timeout=" + LOCK_WAIT_SECONDS,
                "install", "-y", "--no-install-recommends", "yamllint");
        if (install.exitCode() != 0 || !Files.isExecutable(BINARY)) {
            throw new AssertionError("apt-get could not install yamllint (exit code " + install.exitCode()
                    + "):\n" + tail(install.output()));
        }
        return BINARY;
    }

    /** Lints files with the given configuration, strictly (warnings count). */
    public static Result lint(Path config, List<Path> files) {
        List<String> command = new ArrayList<>(List.of(installed().toString(), "--strict", "--format", "parsable",
                "--config-file", config.toString()));
        files.forEach(file -> command.add(file.toString()));
        return run(LINT_TIMEOUT, command.toArray(String[]::new));
    }

    private static Result run(Duration timeout, String... command) {
        Path log = temporaryFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // left for the temporary folder's cleaning
            }
        }
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("yamllint", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
