package dev.successscore.score.feed;

/**
 * An upstream's feed delivered something score-service must not apply: an unknown event type, an
 * event it cannot read, or a measurement of a category the upstream does not own. The consumer
 * stops at it (it never skips an event) until the upstream or score-service is fixed.
 */
public final class UnexpectedFeedEventException extends RuntimeException {

    public UnexpectedFeedEventException(String upstream, String what) {
        super("feed of " + upstream + " delivered " + what + "; the consumer stops here rather than skip it");
    }
}
