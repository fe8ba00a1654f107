package dev.successscore.runtime.feed;

import java.time.Duration;

/**
 * How far a consumer is behind an upstream event feed.
 *
 * @param headIndex     global index of the newest event in the upstream's event store, -1 when it is empty
 * @param positionIndex global index of the last event the consumer has (see {@link FeedMessageSource#lag}), -1
 *                      before any
 * @param events        {@code headIndex - positionIndex}, at least 0: an upper bound of the events still to come,
 *                      published or not (indexes may have gaps)
 * @param time          creation time of the head event minus that of the consumer's last event, at least 0;
 *                      {@code Duration.ZERO} when caught up, {@code null} when unknown (nothing consumed yet, or
 *                      the event at the consumer's position could not be read)
 */
public record FeedLag(long headIndex, long positionIndex, long events, Duration time) {

    /** Whether the consumer has everything the upstream had when asked. */
    public boolean caughtUp() {
        return events == 0;
    }
}
