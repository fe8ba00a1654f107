package dev.successscore.usage.api;

import dev.successscore.usage.measure.AdoptionOutcome;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records what a measurement of the tenant's adoption found, if it differs from the last recorded one.
 *
 * @param measuredAt   the instant measured
 * @param outcome      the signals, level and engagement found
 * @param refreshAfter an unchanged measurement is recorded again once the last recorded one is this old, so that
 *                     a steady tenant's adoption never reaches score-service's staleness limit
 */
public record RecordAdoptionCommand(@TargetAggregateIdentifier String tenantId, Instant measuredAt,
                                    AdoptionOutcome outcome, Duration refreshAfter) {
}
