package dev.successscore.runtime.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, read-only access to a service's configuration, normally its environment variables.
 *
 * <p>Every accessor takes the variable's name and a default used when the variable is unset or blank.
 * A value that is set but cannot be read as the requested type raises an {@link IllegalArgumentException}
 * whose message names the variable and shows the offending value, so a misconfigured deployment fails at
 * start-up with an actionable message.
 *
 * <pre>{@code
 * Settings settings = Settings.fromEnvironment();
 * String url = settings.string("CSS_DB_URL", null);
 * int pool = settings.integer("CSS_DB_POOL_SIZE", 10);
 * Duration grace = settings.duration("CSS_GRPC_SHUTDOWN_GRACE", Duration.ofSeconds(10));
 * }</pre>
 */
public final class Settings {

    /** A file holding the simulated time (see {@link #clock()}); unset means the system clock. */
    public static final String CLOCK_FILE = "CSS_CLOCK_FILE";

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Settings backed by this process's environment variables. */
    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    /** Settings backed by an explicit map, for tests and tools. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** These settings with some variables set to other values (a local suite configures its services so). */
    public Settings withOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    /**
     * The clock a service computes with: the system's UTC clock, or, with {@value #CLOCK_FILE} set, the simulated
     * time written in that file, so that a run can be repeated exactly (fault tests, rehearsals).
     */
    public Clock clock() {
        Optional<String> file = optional(CLOCK_FILE);
        if (file.isEmpty()) {
            return Clock.systemUTC();
        }
        try {
            return new FileClock(Path.of(file.get()));
        } catch (RuntimeException e) {
            throw invalid(CLOCK_FILE, file.get(), "a readable file holding an ISO-8601 instant");
        }
    }

    /** The raw value of a variable, empty when unset or blank. */
    public Optional<String> optional(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** The variable's value, or {@code defaultValue} (which may be {@code null}) when unset. */
    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /** The variable's value; fails when it is unset. */
    public String required(String name) {
        return optional(name).orElseThrow(
                () -> new IllegalArgumentException("Configuration variable " + name + " is required but not set"));
    }

    /** The variable read as a decimal integer, or {@code defaultValue} when unset. */
    public int integer(String name, int defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw invalid(name, raw.get(), "an integer");
        }
    }

    /**
     * The variable read as an integer within {@code [min, max]}, or {@code defaultValue} when unset.
     */
    public int integer(String name, int defaultValue, int min, int max) {
        int value = integer(name, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException("Configuration variable " + name + " must be between " + min
                    + " and " + max + " but was " + value);
        }
        return value;
    }

    /** The variable read as {@code true}/{@code false} (case-insensitive), or {@code defaultValue} when unset. */
    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, raw.get(), "true or false");
        };
    }

    /**
     * The variable read as a duration, or {@code defaultValue} when unset. Accepts ISO-8601
     * ({@code PT5S}) or a whole number with a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h},
     * {@code 1d}. Negative durations are rejected.
     */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration parsed = parseDuration(raw.get());
        if (parsed == null || parsed.isNegative()) {
            throw invalid(name, raw.get(), "a duration such as 500ms, 5s, 2m, 1h or PT5S");
        }
        return parsed;
    }

    /** The variable read as a file system path, or {@code defaultValue} when unset. */
    public Path path(String name, Path defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Path.of(raw.get());
        } catch (RuntimeException e) {
            throw invalid(name, raw.get(), "a file system path");
        }
    }

    private static Duration parseDuration(String text) {
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount;
            try {
                amount = Long.parseLong(simple.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(
                "Configuration variable " + name + " must be " + expected + " but was '" + value + "'");
    }
}
