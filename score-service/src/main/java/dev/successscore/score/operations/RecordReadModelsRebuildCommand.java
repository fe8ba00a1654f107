package dev.successscore.score.operations;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record in the operator log that {@code requestedBy} asked to rebuild the read models. */
public record RecordReadModelsRebuildCommand(
        String requestedBy,
        Instant requestedAt) {

    public RecordReadModelsRebuildCommand {
        OperatorLog.requireText("requestedBy", requestedBy);
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** Every action goes to the one operator log. */
    @TargetAggregateIdentifier
    public String logId() {
        return OperatorLog.ID;
    }
}
