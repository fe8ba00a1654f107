package dev.successscore.score.feed;

import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.score.api.AdoptionLevel;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.EngagementChange;
import dev.successscore.score.api.Evidence;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.SignalReading;
import dev.successscore.score.api.SignalType;

/** Translates the owning services' published events into score-service's own terms. */
public final class PublishedEvents {

    private PublishedEvents() {
    }

    public static Measurement measurement(MeasurementRecordedEvent e) {
        return new Measurement(e.measurementId(), e.tenantId(),
                e.category() == null ? null : Category.valueOf(e.category().name()), e.measuredAt(),
                e.signals().stream().map(PublishedEvents::reading).toList(),
                e.adoptionLevel() == null ? null : AdoptionLevel.valueOf(e.adoptionLevel().name()),
                e.sourceService());
    }

    private static SignalReading reading(SignalValue v) {
        return new SignalReading(v.key(), v.type() == null ? null : SignalType.valueOf(v.type().name()), v.score(),
                new Evidence(v.numerator(), v.denominator(), v.baseline(), v.note()));
    }

    public static EngagementChange engagement(EngagementChangedEvent e) {
        return new EngagementChange(e.eventId(), e.tenantId(), e.dropped(), e.detectedAt(),
                e.recentDailyActiveMean(), e.baselineDailyActiveMean(), e.sourceService());
    }
}
