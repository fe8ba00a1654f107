package dev.successscore.runtime.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Which version of a file was looked at: its modification time and size (a file emptied and written again within
 * one tick of the file system's clock still changes size), or {@link #UNREADABLE} when they could not be read.
 */
record FileVersion(FileTime modified, long size) {

    /** The version of a file whose attributes cannot be read (missing, or being replaced). */
    static final FileVersion UNREADABLE = new FileVersion(FileTime.fromMillis(0), -1);

    /** The version of {@code path} now. */
    static FileVersion of(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new FileVersion(attributes.lastModifiedTime(), attributes.size());
    }

    /** The version of {@code path} now, {@link #UNREADABLE} when that cannot be read. */
    static FileVersion ofOrUnreadable(Path path) {
        try {
            return of(path);
        } catch (IOException e) {
            return UNREADABLE;
        }
    }
}
