package dev.successscore.cli.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium for tests that need a real browser. {@link #installed()} installs the
 * {@code chromium} package when {@code /usr/bin/chromium} is missing and fails the test when it cannot;
 * {@link #dumpDom} loads a page and answers the DOM as the browser left it once the page had loaded.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
    // another installation on this machine may hold dpkg's lock for a while
    private static final String LOCK_WAIT_SECONDS = "600";

    private Chromium() {
    }

    /** The browser, installed with apt-get first when missing; an {@link AssertionError} when it cannot be. */
    public static synchronized Path installed() {
        if (Files.isExecutable(BINARY)) {
            return BINARY;
        }
        aptGet("update");
        aptGet("install", "-y", "--no-install-recommends", "chromium");
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("apt-get installed chromium, but " + BINARY + " is not there");
        }
        return BINARY;
    }

    /** What the browser answered for one page. */
    public record DumpedDom(int exitCode, String dom, String stderr) {
    }

    /**
     * Opens {@code page} in a fresh headless browser profile, waits for the page to load and answers its DOM
     * ({@code --dump-dom}); the browser is killed if it has not finished within {@code timeout}.
     */
    public static DumpedDom dumpDom(Path page, Duration timeout) {
        Path binary = installed();
        Path profile = temporaryDirectory("chromium-profile");
        Path output = profile.resolveSibling(profile.getFileName() + ".out");
        Path errors = profile.resolveSibling(profile.getFileName() + ".err");
        List<String> command = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--disable-quic", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toAbsolutePath().toUri().toString());
        Process browser = start(new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(errors.toFile()));
        try {
            if (!browser.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("chromium did not finish loading " + page + " within " + timeout
                        + "; its log:\n" + read(errors));
            }
            return new DumpedDom(browser.exitValue(), read(output), read(errors));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while chromium loaded " + page, e);
        } finally {
            kill(browser);
            deleteRecursively(profile);
            deleteQuietly(output);
            deleteQuietly(errors);
        }
    }

    private static void aptGet(String... arguments) {
        List<String> command = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=" + LOCK_WAIT_SECONDS));
        command.addAll(List.of(arguments));
        Path log = temporaryFile("apt-get", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process apt = start(builder);
        try {
            boolean finished = apt.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(apt);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + INSTALL_TIMEOUT
                        + ":\n" + tail(read(log)));
            }
            if (apt.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code " + apt.exitValue()
                        + "; chromium is needed for the browser tests:\n" + tail(read(log)));
            }
        } catch (InterruptedException e) {
            kill(apt);
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(log);
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("could not start " + builder.command().get(0), e);
        }
    }

    /** Ends the process and whatever it started, if still running. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(Chromium::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // a profile left behind in the temporary folder does no harm
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for the temporary folder's cleaning
        }
    }
}
