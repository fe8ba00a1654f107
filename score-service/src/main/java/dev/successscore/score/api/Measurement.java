package dev.successscore.score.api;

import java.time.Instant;
import java.util.List;

/**
 * What an owning service measured for one tenant and category at one instant.
 *
 * @param adoptionLevel set for {@link Category#PRODUCT_ADOPTION} only, null otherwise
 */
public record Measurement(
        String measurementId,
        String tenantId,
        Category category,
        Instant measuredAt,
        List<SignalReading> signals,
        AdoptionLevel adoptionLevel,
        String sourceService) {

    public Measurement {
        signals = List.copyOf(signals);
    }
}
