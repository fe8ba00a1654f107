package dev.successscore.runtime.signal;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * What an owning service measured for one tenant and category at one instant: the event a service publishes on
 * its {@linkplain dev.successscore.runtime.feed event feed} and score-service applies once per
 * {@code measurementId}. Mirrors {@code successscore.signal.v1.CategoryMeasurement}.
 *
 * <p>Published language: change it only compatibly (new nullable components), or give it a new revision and an
 * upcaster in every consumer.
 *
 * @param measurementId unique per measurement
 * @param tenantId      the measured tenant
 * @param category      the measured category
 * @param measuredAt    the instant the measurement stands for
 * @param signals       the signals, never {@code null} (an absent list reads as empty)
 * @param adoptionLevel the adoption level; set for {@link SignalCategory#PRODUCT_ADOPTION} only, otherwise
 *                      {@code null}
 * @param sourceService the service that measured, e.g. {@code usage-service}
 */
@Revision("1")
public record MeasurementRecordedEvent(String measurementId, String tenantId, SignalCategory category,
                                       Instant measuredAt, List<SignalValue> signals,
                                       SignalAdoptionLevel adoptionLevel, String sourceService) {

    /** Copies the signals into an unmodifiable list. */
    public MeasurementRecordedEvent {
        signals = signals == null ? List.of() : List.copyOf(signals);
    }
}
