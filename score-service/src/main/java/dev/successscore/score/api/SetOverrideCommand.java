package dev.successscore.score.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Override the tenant's composite; the request id makes a retried request apply once. */
public record SetOverrideCommand(@TargetAggregateIdentifier String tenantId, OverrideValue override) {
}
