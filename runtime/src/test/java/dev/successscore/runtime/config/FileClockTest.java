package dev.successscore.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClockTest {

    @TempDir
    Path directory;

    private void write(Path file, String instant, long modifiedMillis) throws Exception {
        Files.writeString(file, instant);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    @Test
    void withoutAFileTheClockIsTheSystemClock() {
        assertThat(Settings.of(Map.of()).clock()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void readsTheInstantInTheFileAndFollowsItWhenTheFileChanges() throws Exception {
        Path file = directory.resolve("clock");
        write(file, "2026-01-31T00:00:00Z", 1_000);
        Clock clock = Settings.of(Map.of(Settings.CLOCK_FILE, file.toString())).clock();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));

        write(file, "2026-01-31T01:00:00Z\n", 2_000);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-31T01:00:00Z"));
    }

    @Test
    void neverGoesBackwards() throws Exception {
        Path file = directory.resolve("clock");
        write(file, "2026-01-31T01:00:00Z", 1_000);
        Clock clock = Settings.of(Map.of(Settings.CLOCK_FILE, file.toString())).clock();
        write(file, "2026-01-30T00:00:00Z", 2_000);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-31T01:00:00Z"));
    }

    @Test
    void aHalfWrittenFileLeavesTheTimeWhereItWas() throws Exception {
        Path file = directory.resolve("clock");
        write(file, "2026-01-31T01:00:00Z", 1_000);
        Clock clock = Settings.of(Map.of(Settings.CLOCK_FILE, file.toString())).clock();
        write(file, "2026-01-3", 2_000);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-31T01:00:00Z"));
    }

    @Test
    void anUnreadableFileIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Settings.of(Map.of(Settings.CLOCK_FILE, directory.resolve("none").toString())).clock())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Settings.CLOCK_FILE);
    }
}
