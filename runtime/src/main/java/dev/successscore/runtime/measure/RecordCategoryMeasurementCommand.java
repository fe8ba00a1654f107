package dev.successscore.runtime.measure;

import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records what a measurement of one tenant's category found, if it differs from the last recorded one.
 *
 * @param refreshAfter an unchanged measurement is recorded again once the last recorded one is this old, so that it
 *                     never reaches score-service's staleness limit
 * @param sourceService the measuring service, e.g. {@code health-service}
 */
public record RecordCategoryMeasurementCommand(@TargetAggregateIdentifier String tenantId, SignalCategory category,
                                               Instant measuredAt, List<SignalValue> signals,
                                               Duration refreshAfter, String sourceService) {

    public RecordCategoryMeasurementCommand {
        signals = List.copyOf(signals);
    }
}
