package dev.successscore.usage.query;

import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalValue;
import java.time.Instant;
import java.util.List;

/** An adoption measurement as recorded, with its place in the tenant's history. */
public record RecordedMeasurement(String tenantId, long sequence, String measurementId, Instant measuredAt,
                                  SignalAdoptionLevel level, int activeUsers, List<SignalValue> signals) {

    public RecordedMeasurement {
        signals = List.copyOf(signals);
    }
}
