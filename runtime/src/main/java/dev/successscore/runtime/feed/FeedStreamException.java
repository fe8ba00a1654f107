package dev.successscore.runtime.feed;

/**
 * An event feed stream failed for good: a failure that is not worth retrying (an invalid position, an upstream
 * without the feed service, an event that cannot be read) or an upstream that stayed unreachable for
 * {@link FeedClientSettings#streamAttempts()} attempts. The event processor reading the stream releases its
 * segments and opens a new stream from its last stored position after its own back-off.
 */
public final class FeedStreamException extends RuntimeException {

    FeedStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
