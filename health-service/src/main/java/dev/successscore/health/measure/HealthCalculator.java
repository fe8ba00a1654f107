package dev.successscore.health.measure;

import dev.successscore.health.api.Severity;
import dev.successscore.health.api.Subcategory;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalMath;
import dev.successscore.runtime.signal.SignalValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Technical Health's signals (spec section 3): per subcategory, 100 minus the penalties of the alerts open at any
 * time in the last 30 days (CRITICAL 40, MAJOR 15, MINOR 5), floored at 0; not available for a subcategory
 * without monitoring data in those 30 days (or not enrolled). Pure.
 */
public final class HealthCalculator {

    /** The window alerts and monitoring data are looked at in. */
    public static final Duration WINDOW = Duration.ofDays(30);

    private HealthCalculator() {
    }

    /**
     * What one subcategory's monitoring says.
     *
     * @param lastDataAt when it last sent data, {@code null} if never (or not enrolled)
     * @param openAlerts alerts open at any time in the window, by severity
     */
    public record SubcategoryFacts(boolean enrolled, Instant lastDataAt, Map<Severity, Integer> openAlerts) {
    }

    public static List<SignalValue> calculate(Instant at, Map<Subcategory, SubcategoryFacts> facts) {
        List<SignalValue> signals = new ArrayList<>();
        for (Subcategory subcategory : Subcategory.values()) {
            signals.add(signal(subcategory, at, facts.get(subcategory)));
        }
        return signals;
    }

    private static SignalValue signal(Subcategory subcategory, Instant at, SubcategoryFacts facts) {
        if (facts == null || !facts.enrolled()) {
            return new SignalValue(subcategory.signalKey(), SignalKind.DEDUCTION, null, null, null, null,
                    "monitoring not enrolled");
        }
        if (facts.lastDataAt() == null || facts.lastDataAt().isBefore(at.minus(WINDOW))) {
            return new SignalValue(subcategory.signalKey(), SignalKind.DEDUCTION, null, null, null, null,
                    facts.lastDataAt() == null ? "no monitoring data yet"
                            : "no monitoring data since " + facts.lastDataAt());
        }
        int penalties = 0;
        List<String> counts = new ArrayList<>();
        Map<Severity, Integer> open = new EnumMap<>(Severity.class);
        open.putAll(facts.openAlerts());
        for (Severity severity : Severity.values()) {
            int n = open.getOrDefault(severity, 0);
            penalties += n * severity.penalty();
            counts.add(n + " " + severity);
        }
        return new SignalValue(subcategory.signalKey(), SignalKind.DEDUCTION, SignalMath.deduction(penalties),
                BigDecimal.valueOf(penalties), null, null,
                String.join(", ", counts) + " open in the last 30 days: " + penalties + " points deducted");
    }
}
