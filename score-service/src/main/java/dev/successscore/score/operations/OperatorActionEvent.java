package dev.successscore.score.operations;

import java.time.Instant;

/** An operator action recorded in the operator log: who asked for it, and when. */
public sealed interface OperatorActionEvent permits FeedReplayRequestedEvent, ReadModelsRebuildRequestedEvent {

    /** The caller who asked: its token's subject. */
    String requestedBy();

    /** When the action was asked for (and recorded), by the service's clock. */
    Instant requestedAt();
}
