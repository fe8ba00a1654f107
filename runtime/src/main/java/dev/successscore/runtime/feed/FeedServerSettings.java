package dev.successscore.runtime.feed;

import dev.successscore.runtime.config.Settings;

import java.time.Duration;

/**
 * Tunables of an {@link EventFeedServer}.
 *
 * @param maxStreams        streams served at once (one thread each); a stream beyond this is refused with
 *                          {@code RESOURCE_EXHAUSTED}, which consumers retry; at least 1
 * @param maxBatchEvents    events sent in one response at most; at least 1
 * @param maxBatchBytes     serialized events sent in one response at most (a single larger event is still sent
 *                          alone; consumers must accept messages of the largest event's size, gRPC's default
 *                          limit is 4 MiB); at least 1 KiB
 * @param heartbeatInterval an idle stream sends a response without events this often, so consumers can tell a
 *                          quiet feed from a dead link; at least 100 ms
 */
public record FeedServerSettings(int maxStreams, int maxBatchEvents, int maxBatchBytes, Duration heartbeatInterval) {

    /** Streams served at once, default {@value #DEFAULT_MAX_STREAMS}. */
    public static final String MAX_STREAMS = "CSS_FEED_MAX_STREAMS";
    /** Events per response at most, default {@value #DEFAULT_MAX_BATCH_EVENTS}. */
    public static final String MAX_BATCH_EVENTS = "CSS_FEED_MAX_BATCH_EVENTS";
    /** Serialized bytes per response at most, default {@value #DEFAULT_MAX_BATCH_BYTES}. */
    public static final String MAX_BATCH_BYTES = "CSS_FEED_MAX_BATCH_BYTES";
    /** Heartbeat interval of an idle stream, default 15s. */
    public static final String HEARTBEAT_INTERVAL = "CSS_FEED_HEARTBEAT_INTERVAL";

    /** Default number of streams served at once. */
    public static final int DEFAULT_MAX_STREAMS = 16;
    /** Default number of events per response. */
    public static final int DEFAULT_MAX_BATCH_EVENTS = 256;
    /** Default size of a response: 1 MiB. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
    /** Default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

    /** Validates the values. */
    public FeedServerSettings {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("Feed streams must be at least 1 but was " + maxStreams);
        }
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("Feed batch events must be at least 1 but was " + maxBatchEvents);
        }
        if (maxBatchBytes < 1024) {
            throw new IllegalArgumentException("Feed batch bytes must be at least 1024 but was " + maxBatchBytes);
        }
        if (heartbeatInterval == null || heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException("Feed heartbeat interval must be at least 100ms but was "
                    + heartbeatInterval);
        }
    }

    /** The defaults. */
    public static FeedServerSettings defaults() {
        return new FeedServerSettings(DEFAULT_MAX_STREAMS, DEFAULT_MAX_BATCH_EVENTS, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_HEARTBEAT_INTERVAL);
    }

    /** Reads the {@code CSS_FEED_*} server variables. */
    public static FeedServerSettings from(Settings settings) {
        return new FeedServerSettings(
                settings.integer(MAX_STREAMS, DEFAULT_MAX_STREAMS, 1, 10_000),
                settings.integer(MAX_BATCH_EVENTS, DEFAULT_MAX_BATCH_EVENTS, 1, 100_000),
                settings.integer(MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_BYTES, 1024, 64 * 1024 * 1024),
                settings.duration(HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL));
    }

    /** A copy with other batch limits. */
    public FeedServerSettings withBatchLimits(int events, int bytes) {
        return new FeedServerSettings(maxStreams, events, bytes, heartbeatInterval);
    }

    /** A copy with another number of streams. */
    public FeedServerSettings withMaxStreams(int streams) {
        return new FeedServerSettings(streams, maxBatchEvents, maxBatchBytes, heartbeatInterval);
    }

    /** A copy with another heartbeat interval. */
    public FeedServerSettings withHeartbeatInterval(Duration interval) {
        return new FeedServerSettings(maxStreams, maxBatchEvents, maxBatchBytes, interval);
    }
}
