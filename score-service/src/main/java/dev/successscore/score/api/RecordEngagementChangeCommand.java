package dev.successscore.score.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record an engagement drop or recovery detected by usage-service. */
public record RecordEngagementChangeCommand(@TargetAggregateIdentifier String tenantId, EngagementChange change) {
}
