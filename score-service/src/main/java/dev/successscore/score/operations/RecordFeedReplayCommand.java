package dev.successscore.score.operations;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record in the operator log that {@code requestedBy} asked to replay the feed of {@code upstream}. */
public record RecordFeedReplayCommand(
        String upstream,
        String requestedBy,
        Instant requestedAt) {

    public RecordFeedReplayCommand {
        OperatorLog.requireText("upstream", upstream);
        OperatorLog.requireText("requestedBy", requestedBy);
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** Every action goes to the one operator log. */
    @TargetAggregateIdentifier
    public String logId() {
        return OperatorLog.ID;
    }
}
