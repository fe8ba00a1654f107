package dev.successscore.runtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A simulated clock: the instant written in a file (ISO-8601, e.g. {@code 2026-01-31T00:00:00Z}), read again
 * whenever the file changes (is rewritten or replaced), and never going backwards. Several processes that share the file share one time, so a
 * run of the suite can be repeated exactly, down to every measurement's instant and every score's hash (fault
 * tests, rehearsals of a load). Not for production.
 */
final class FileClock extends Clock {

    private final Path file;
    private FileTime readAt;
    private Object readKey;
    private Instant instant;

    FileClock(Path file) {
        this.file = file;
        this.instant = read();
    }

    @Override
    public synchronized Instant instant() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.lastModifiedTime().equals(readAt) || !Objects.equals(attributes.fileKey(), readKey)) {
                Instant written = read();
                if (written.isAfter(instant)) {
                    instant = written;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a file being rewritten is read again at the next call; the time stands still meanwhile
        }
        return instant;
    }

    private Instant read() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            readAt = attributes.lastModifiedTime();
            readKey = attributes.fileKey();
            return Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the clock file " + file, e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The clock file " + file + " must hold an ISO-8601 instant", e);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The simulated clock is in UTC");
    }
}
