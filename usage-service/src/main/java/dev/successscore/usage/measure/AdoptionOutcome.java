package dev.successscore.usage.measure;

import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalValue;
import java.util.ArrayList;
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

    /**
     * What decides whether a measurement is news: each signal's key and score (or its absence) and the level.
     * Evidence alone (31 instead of 30 active users at the same score) is not.
     */
    public List<String> fingerprint() {
        List<String> parts = new ArrayList<>();
        for (SignalValue signal : signals) {
            parts.add(signal.key() + "=" + (signal.score() == null ? "n/a" : signal.score()));
        }
        parts.add("level=" + level);
        return parts;
    }
}
