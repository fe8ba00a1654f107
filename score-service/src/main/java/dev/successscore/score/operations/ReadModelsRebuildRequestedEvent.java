package dev.successscore.score.operations;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An operator asked to drop and rebuild the read models; recorded before the rebuild starts. */
@Revision("1")
public record ReadModelsRebuildRequestedEvent(String requestedBy, Instant requestedAt)
        implements OperatorActionEvent {
}
