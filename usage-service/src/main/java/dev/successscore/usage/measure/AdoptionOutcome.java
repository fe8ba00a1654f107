package dev.successscore.usage.measure;

import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.runtime.measure.SignalFingerprint;
import java.util.List;

/**
 * What one adoption measurement found.
 *
 * @param signals     the six signals of the catalog, in catalog order
 * @param level       the adoption level
 * @param activeUsers users with activity in W
 * @param engagement  the engagement-drop rule's reading
 */
public record AdoptionOutcome(List<SignalValue> signals, SignalAdoptionLevel level, int activeUsers,
                              EngagementReading engagement) {

    public AdoptionOutcome {
        signals = List.copyOf(signals);
    }

    /** What decides whether the measurement is news; see {@link SignalFingerprint}. */
    public List<String> fingerprint() {
        return SignalFingerprint.of(signals, level);
    }
}
