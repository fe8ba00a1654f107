package dev.successscore.cli.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file {@code suite.pid} in a suite's data folder: which process runs the suite on that folder, so that
 * {@code css stop} can stop it and a second {@code css run} on the same folder is refused.
 */
public final class SuitePidFile implements AutoCloseable {

    private static final String NAME = "suite.pid";

    private final Path file;

    private SuitePidFile(Path file) {
        this.file = file;
    }

    /**
     * Records this process as the suite's.
     *
     * @throws IllegalStateException when a live process already runs a suite on this folder
     */
    public static SuitePidFile claim(Path dataDirectory) {
        Path file = dataDirectory.resolve(NAME);
        Optional<ProcessHandle> running = running(dataDirectory);
        if (running.isPresent() && running.get().pid() != ProcessHandle.current().pid()) {
            throw new IllegalStateException("A suite already runs on " + dataDirectory.toAbsolutePath()
                    + " (process " + running.get().pid() + "); stop it with 'css stop'");
        }
        try {
            Files.createDirectories(dataDirectory);
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        return new SuitePidFile(file);
    }

    /** The live process that runs a suite on this folder, if any. */
    public static Optional<ProcessHandle> running(Path dataDirectory) {
        Path file = dataDirectory.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + file, e);
        }
    }
}
