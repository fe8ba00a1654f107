package dev.successscore.runtime.axon;

import dev.successscore.runtime.config.Settings;

import java.time.Duration;

/**
 * Tunables of the Axon setup.
 *
 * @param eventBatchSize       events the JDBC event storage engine reads per query (aggregate loads and
 *                             event processor streams), at least 1
 * @param commandRetries       how many times the command gateway re-dispatches a command that failed
 *                             transiently (e.g. a concurrent modification of the same aggregate), 0 to disable
 * @param commandRetryInterval pause before each re-dispatch
 */
public record AxonSettings(int eventBatchSize, int commandRetries, Duration commandRetryInterval) {

    /** Events read per query, default {@value #DEFAULT_EVENT_BATCH_SIZE}. */
    public static final String EVENT_BATCH_SIZE = "CSS_AXON_EVENT_BATCH_SIZE";
    /** Re-dispatches of a transiently failed command, default {@value #DEFAULT_COMMAND_RETRIES}. */
    public static final String COMMAND_RETRIES = "CSS_AXON_COMMAND_RETRIES";
    /** Pause before a re-dispatch, default 100ms. */
    public static final String COMMAND_RETRY_INTERVAL = "CSS_AXON_COMMAND_RETRY_INTERVAL";

    /** Axon's own default batch size. */
    public static final int DEFAULT_EVENT_BATCH_SIZE = 100;
    /** Default number of re-dispatches. */
    public static final int DEFAULT_COMMAND_RETRIES = 3;
    /** Default pause before a re-dispatch. */
    public static final Duration DEFAULT_COMMAND_RETRY_INTERVAL = Duration.ofMillis(100);

    /** Validates the values. */
    public AxonSettings {
        if (eventBatchSize < 1) {
            throw new IllegalArgumentException("Event batch size must be at least 1 but was " + eventBatchSize);
        }
        if (commandRetries < 0) {
            throw new IllegalArgumentException("Command retries must not be negative but was " + commandRetries);
        }
        if (commandRetryInterval == null || commandRetryInterval.isNegative()
                || commandRetryInterval.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid command retry interval " + commandRetryInterval);
        }
    }

    /** The defaults. */
    public static AxonSettings defaults() {
        return new AxonSettings(DEFAULT_EVENT_BATCH_SIZE, DEFAULT_COMMAND_RETRIES, DEFAULT_COMMAND_RETRY_INTERVAL);
    }

    /** Reads the {@code CSS_AXON_*} variables. */
    public static AxonSettings from(Settings settings) {
        return new AxonSettings(
                settings.integer(EVENT_BATCH_SIZE, DEFAULT_EVENT_BATCH_SIZE, 1, 100_000),
                settings.integer(COMMAND_RETRIES, DEFAULT_COMMAND_RETRIES, 0, 100),
                settings.duration(COMMAND_RETRY_INTERVAL, DEFAULT_COMMAND_RETRY_INTERVAL));
    }

    /** A copy with another number of command retries. */
    public AxonSettings withCommandRetries(int retries, Duration interval) {
        return new AxonSettings(eventBatchSize, retries, interval);
    }
}
