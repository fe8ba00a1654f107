package dev.successscore.score.operations;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An operator asked to replay an upstream's feed from its beginning; recorded before the replay starts. */
@Revision("1")
public record FeedReplayRequestedEvent(String upstream, String requestedBy, Instant requestedAt)
        implements OperatorActionEvent {
}
