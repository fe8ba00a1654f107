package dev.successscore.runtime.axon;

import dev.successscore.runtime.config.Settings;

import java.time.Duration;

/**
 * Tunables of the Axon setup.
 *
 * <h2>Late commits: {@code gapTimeout} and {@code maxGapOffset}</h2>
 * PostgreSQL hands out global indexes when an event is inserted, not when its transaction commits, so a
 * transaction that started first can commit after one with a higher index. A reader of the event store (an event
 * processor, an {@linkplain dev.successscore.runtime.feed event feed}) that has seen index 12 but not 11 keeps 11
 * as a <i>gap</i> in its {@code GapAwareTrackingToken} and keeps looking for it, so the late event is still
 * delivered. Two limits decide for how long:
 * <ul>
 *   <li>{@code gapTimeout}: a reader records gaps below an event only if that event was created less than
 *       {@code gapTimeout} ago, and drops old gaps once it has more than 250 of them and the events around them are
 *       older than {@code gapTimeout}. A transaction that commits more than {@code gapTimeout} after a later
 *       event was created can therefore be missed by a reader that reads the later event only then (one that was
 *       lagging or started late). A longer timeout tolerates longer transactions, long GC pauses and clock skew
 *       between replicas; its costs are that indexes which never fill (rolled-back transactions, sequence values
 *       lost in a crash) stay in every reader's token, and are queried on every fetch, for that long. Axon's
 *       default is one minute; the suite's is {@value #DEFAULT_GAP_TIMEOUT_MINUTES} minutes: its transactions are
 *       short, and its event rates keep the gap lists small.</li>
 *   <li>{@code maxGapOffset}: gaps more than this many indexes below the newest event a reader has seen are
 *       dropped, whatever their age: a live reader misses a transaction during which more than this many later
 *       events were committed.</li>
 * </ul>
 *
 * @param eventBatchSize       events the JDBC event storage engine reads per query (aggregate loads and
 *                             event processor streams), at least 1
 * @param commandRetries       how many times the command gateway re-dispatches a command that failed
 *                             transiently (e.g. a concurrent modification of the same aggregate), 0 to disable
 * @param commandRetryInterval pause before each re-dispatch
 * @param gapTimeout           how long a reader waits for a late commit, see above; at least 1 ms, at most
 *                             {@code Integer.MAX_VALUE} ms
 * @param maxGapOffset         how many indexes below the newest one a reader still waits for a late commit, see
 *                             above; at least 1
 */
public record AxonSettings(int eventBatchSize, int commandRetries, Duration commandRetryInterval,
                           Duration gapTimeout, int maxGapOffset) {

    /** Events read per query, default {@value #DEFAULT_EVENT_BATCH_SIZE}. */
    public static final String EVENT_BATCH_SIZE = "CSS_AXON_EVENT_BATCH_SIZE";
    /** Re-dispatches of a transiently failed command, default {@value #DEFAULT_COMMAND_RETRIES}. */
    public static final String COMMAND_RETRIES = "CSS_AXON_COMMAND_RETRIES";
    /** Pause before a re-dispatch, default 100ms. */
    public static final String COMMAND_RETRY_INTERVAL = "CSS_AXON_COMMAND_RETRY_INTERVAL";
    /** How long readers wait for a late commit, default {@value #DEFAULT_GAP_TIMEOUT_MINUTES} minutes. */
    public static final String GAP_TIMEOUT = "CSS_AXON_GAP_TIMEOUT";
    /** How many indexes below the newest one readers wait for a late commit, default {@value #DEFAULT_MAX_GAP_OFFSET}. */
    public static final String MAX_GAP_OFFSET = "CSS_AXON_MAX_GAP_OFFSET";

    /** Axon's own default batch size. */
    public static final int DEFAULT_EVENT_BATCH_SIZE = 100;
    /** Default number of re-dispatches. */
    public static final int DEFAULT_COMMAND_RETRIES = 3;
    /** Default pause before a re-dispatch. */
    public static final Duration DEFAULT_COMMAND_RETRY_INTERVAL = Duration.ofMillis(100);
    /** Default gap timeout in minutes. */
    public static final int DEFAULT_GAP_TIMEOUT_MINUTES = 5;
    /** Default gap timeout. */
    public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofMinutes(DEFAULT_GAP_TIMEOUT_MINUTES);
    /** Axon's own default maximum gap offset. */
    public static final int DEFAULT_MAX_GAP_OFFSET = 10_000;

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
        if (gapTimeout == null || gapTimeout.toMillis() < 1 || gapTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Gap timeout must be 1ms.." + Integer.MAX_VALUE + "ms but was "
                    + gapTimeout);
        }
        if (maxGapOffset < 1) {
            throw new IllegalArgumentException("Maximum gap offset must be at least 1 but was " + maxGapOffset);
        }
    }

    /** The settings before gap handling was configurable: default {@code gapTimeout} and {@code maxGapOffset}. */
    public AxonSettings(int eventBatchSize, int commandRetries, Duration commandRetryInterval) {
        this(eventBatchSize, commandRetries, commandRetryInterval, DEFAULT_GAP_TIMEOUT, DEFAULT_MAX_GAP_OFFSET);
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
                settings.duration(COMMAND_RETRY_INTERVAL, DEFAULT_COMMAND_RETRY_INTERVAL),
                settings.duration(GAP_TIMEOUT, DEFAULT_GAP_TIMEOUT),
                settings.integer(MAX_GAP_OFFSET, DEFAULT_MAX_GAP_OFFSET, 1, Integer.MAX_VALUE));
    }

    /** A copy with another number of command retries. */
    public AxonSettings withCommandRetries(int retries, Duration interval) {
        return new AxonSettings(eventBatchSize, retries, interval, gapTimeout, maxGapOffset);
    }

    /** A copy with other late-commit limits. */
    public AxonSettings withGapLimits(Duration newGapTimeout, int newMaxGapOffset) {
        return new AxonSettings(eventBatchSize, commandRetries, commandRetryInterval, newGapTimeout, newMaxGapOffset);
    }
}
