package dev.successscore.runtime.measure;

import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What decides whether a measurement is news: each signal's key and score (or its absence) and the adoption level.
 * Evidence alone (31 instead of 30 active users at the same score) is not.
 */
public final class SignalFingerprint {

    private SignalFingerprint() {
    }

    public static List<String> of(List<SignalValue> signals, SignalAdoptionLevel level) {
        List<String> parts = new ArrayList<>();
        for (SignalValue signal : signals) {
            parts.add(signal.key() + "=" + (signal.score() == null ? "n/a" : signal.score()));
        }
        if (level != null) {
            parts.add("level=" + level);
        }
        return List.copyOf(parts);
    }
}
