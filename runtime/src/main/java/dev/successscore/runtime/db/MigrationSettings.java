package dev.successscore.runtime.db;

import dev.successscore.runtime.config.Settings;
import java.time.Duration;
import java.util.Locale;

/**
 * Who changes a service's schema.
 *
 * @param mode {@code CSS_DB_MIGRATIONS}: {@code apply} (default: the service migrates as it starts) or
 *             {@code validate} (a release's migration job does; the service waits for it and changes nothing)
 * @param maxWait {@code CSS_DB_MIGRATION_WAIT}: how long a service in {@code validate} mode waits, default 2 minutes
 */
public record MigrationSettings(Mode mode, Duration maxWait) {

    public static final String MODE = "CSS_DB_MIGRATIONS";
    public static final String WAIT = "CSS_DB_MIGRATION_WAIT";
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(2);

    /** Who changes the schema. */
    public enum Mode { APPLY, VALIDATE }

    /** Reads {@code CSS_DB_MIGRATIONS} and {@code CSS_DB_MIGRATION_WAIT}. */
    public static MigrationSettings from(Settings settings) {
        String mode = settings.string(MODE, "apply").trim().toUpperCase(Locale.ROOT);
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODE + " must be apply or validate but was "
                    + settings.string(MODE, ""), e);
        }
        return new MigrationSettings(parsed, settings.duration(WAIT, DEFAULT_WAIT));
    }
}
