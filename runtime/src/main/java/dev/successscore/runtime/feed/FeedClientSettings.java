package dev.successscore.runtime.feed;

import dev.successscore.runtime.config.Settings;

import java.time.Duration;

/**
 * Tunables of a {@link FeedMessageSource}, the consuming side of an event feed.
 *
 * @param callDeadline        deadline of every unary call to the upstream ({@code GetFeedHead})
 * @param streamDeadline      deadline of one {@code StreamEvents} call; when it expires the stream reconnects at
 *                            once from the last position received, which bounds how long a silently dead connection
 *                            can go unnoticed
 * @param callAttempts        attempts of a unary call (1 = no retry); only {@code UNAVAILABLE},
 *                            {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED} and an open circuit breaker are
 *                            retried, any other failure is reported at once
 * @param streamAttempts      consecutive failed attempts to (re)connect a stream before it reports the failure to
 *                            its event processor (which then releases its segments and opens a new stream after its
 *                            own back-off); an attempt that received anything resets the count
 * @param initialBackoff      pause before the first retry; each further one doubles it, with ±50% jitter
 * @param maxBackoff          the longest pause between retries
 * @param bufferSize          events received but not yet taken by the event processor, at most; when the buffer is
 *                            full the stream stops reading and gRPC flow control holds the upstream back
 * @param breakerOpenDuration how long the upstream's circuit breaker stays open (calls fail at once) after at least
 *                            half of the last 10 calls, and at least 5, failed transiently
 */
public record FeedClientSettings(Duration callDeadline, Duration streamDeadline, int callAttempts,
                                 int streamAttempts, Duration initialBackoff, Duration maxBackoff, int bufferSize,
                                 Duration breakerOpenDuration) {

    /** Deadline of unary calls, default 5s. */
    public static final String CALL_DEADLINE = "CSS_FEED_CALL_DEADLINE";
    /** Deadline of one stream call, default 10m. */
    public static final String STREAM_DEADLINE = "CSS_FEED_STREAM_DEADLINE";
    /** Attempts of a unary call, default {@value #DEFAULT_CALL_ATTEMPTS}. */
    public static final String CALL_ATTEMPTS = "CSS_FEED_CALL_ATTEMPTS";
    /** Consecutive failed connection attempts of a stream, default {@value #DEFAULT_STREAM_ATTEMPTS}. */
    public static final String STREAM_ATTEMPTS = "CSS_FEED_STREAM_ATTEMPTS";
    /** Pause before the first retry, default 250ms. */
    public static final String RETRY_INITIAL_BACKOFF = "CSS_FEED_RETRY_INITIAL_BACKOFF";
    /** Longest pause between retries, default 30s. */
    public static final String RETRY_MAX_BACKOFF = "CSS_FEED_RETRY_MAX_BACKOFF";
    /** Events buffered per stream, default {@value #DEFAULT_BUFFER_SIZE}. */
    public static final String BUFFER_SIZE = "CSS_FEED_BUFFER_SIZE";
    /** How long an open circuit breaker stays open, default 10s. */
    public static final String BREAKER_OPEN_DURATION = "CSS_FEED_BREAKER_OPEN_DURATION";

    /** Default deadline of unary calls. */
    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(5);
    /** Default deadline of one stream call. */
    public static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(10);
    /** Default attempts of a unary call. */
    public static final int DEFAULT_CALL_ATTEMPTS = 3;
    /** Default consecutive failed connection attempts of a stream: with the default back-off, about 7 minutes. */
    public static final int DEFAULT_STREAM_ATTEMPTS = 20;
    /** Default pause before the first retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    /** Default longest pause between retries. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Default number of events buffered per stream. */
    public static final int DEFAULT_BUFFER_SIZE = 1024;
    /** Default time an open circuit breaker stays open. */
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(10);

    /** Validates the values. */
    public FeedClientSettings {
        requirePositive(callDeadline, "call deadline");
        requirePositive(streamDeadline, "stream deadline");
        requirePositive(initialBackoff, "initial back-off");
        requirePositive(maxBackoff, "maximum back-off");
        requirePositive(breakerOpenDuration, "circuit breaker open duration");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Maximum back-off " + maxBackoff + " is shorter than the initial one "
                    + initialBackoff);
        }
        if (callAttempts < 1 || streamAttempts < 1) {
            throw new IllegalArgumentException("Feed call and stream attempts must be at least 1 but were "
                    + callAttempts + " and " + streamAttempts);
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("Feed buffer size must be at least 1 but was " + bufferSize);
        }
    }

    /** The defaults. */
    public static FeedClientSettings defaults() {
        return new FeedClientSettings(DEFAULT_CALL_DEADLINE, DEFAULT_STREAM_DEADLINE, DEFAULT_CALL_ATTEMPTS,
                DEFAULT_STREAM_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_BUFFER_SIZE,
                DEFAULT_BREAKER_OPEN_DURATION);
    }

    /** Reads the {@code CSS_FEED_*} client variables. */
    public static FeedClientSettings from(Settings settings) {
        return new FeedClientSettings(
                settings.duration(CALL_DEADLINE, DEFAULT_CALL_DEADLINE),
                settings.duration(STREAM_DEADLINE, DEFAULT_STREAM_DEADLINE),
                settings.integer(CALL_ATTEMPTS, DEFAULT_CALL_ATTEMPTS, 1, 100),
                settings.integer(STREAM_ATTEMPTS, DEFAULT_STREAM_ATTEMPTS, 1, 100_000),
                settings.duration(RETRY_INITIAL_BACKOFF, DEFAULT_INITIAL_BACKOFF),
                settings.duration(RETRY_MAX_BACKOFF, DEFAULT_MAX_BACKOFF),
                settings.integer(BUFFER_SIZE, DEFAULT_BUFFER_SIZE, 1, 1_000_000),
                settings.duration(BREAKER_OPEN_DURATION, DEFAULT_BREAKER_OPEN_DURATION));
    }

    /** A copy with other deadlines. */
    public FeedClientSettings withDeadlines(Duration call, Duration stream) {
        return new FeedClientSettings(call, stream, callAttempts, streamAttempts, initialBackoff, maxBackoff,
                bufferSize, breakerOpenDuration);
    }

    /** A copy with other retry limits. */
    public FeedClientSettings withRetries(int calls, int streams, Duration initial, Duration max) {
        return new FeedClientSettings(callDeadline, streamDeadline, calls, streams, initial, max, bufferSize,
                breakerOpenDuration);
    }

    /** A copy with another buffer size. */
    public FeedClientSettings withBufferSize(int size) {
        return new FeedClientSettings(callDeadline, streamDeadline, callAttempts, streamAttempts, initialBackoff,
                maxBackoff, size, breakerOpenDuration);
    }

    /** A copy with another circuit breaker open duration. */
    public FeedClientSettings withBreakerOpenDuration(Duration duration) {
        return new FeedClientSettings(callDeadline, streamDeadline, callAttempts, streamAttempts, initialBackoff,
                maxBackoff, bufferSize, duration);
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("Feed " + what + " must be positive but was " + duration);
        }
    }
}
