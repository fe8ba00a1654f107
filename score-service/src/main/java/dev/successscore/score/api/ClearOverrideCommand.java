package dev.successscore.score.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** End the tenant's override before its expiry. */
public record ClearOverrideCommand(
        @TargetAggregateIdentifier String tenantId, String author, String reason, Instant clearedAt) {
}
