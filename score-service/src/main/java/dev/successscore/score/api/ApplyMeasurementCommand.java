package dev.successscore.score.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Apply an owning service's category measurement to the tenant's score. */
public record ApplyMeasurementCommand(@TargetAggregateIdentifier String tenantId, Measurement measurement) {
}
