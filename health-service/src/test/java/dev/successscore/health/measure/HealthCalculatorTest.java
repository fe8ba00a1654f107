package dev.successscore.health.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.health.api.Severity;
import dev.successscore.health.api.Subcategory;
import dev.successscore.runtime.signal.SignalValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Technical Health's DEDUCTION signals on hand-computed subcategories. */
class HealthCalculatorTest {

    private static final Instant AT = Instant.parse("2026-03-02T12:00:00Z");

    private static Integer score(List<SignalValue> signals, String key) {
        return signals.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().score();
    }

    private static HealthCalculator.SubcategoryFacts data(Map<Severity, Integer> open) {
        return new HealthCalculator.SubcategoryFacts(true, AT.minus(Duration.ofDays(1)), open);
    }

    @Test
    void penaltiesAreFortyFifteenAndFive() {
        List<SignalValue> signals = HealthCalculator.calculate(AT, Map.of(
                Subcategory.PERFORMANCE, data(Map.of(Severity.CRITICAL, 1)),
                Subcategory.RELIABILITY, data(Map.of(Severity.MAJOR, 2)),
                Subcategory.SECURITY, data(Map.of(Severity.MINOR, 3)),
                Subcategory.LIMITS, data(Map.of())));
        assertThat(score(signals, "performance")).isEqualTo(60);
        assertThat(score(signals, "reliability")).isEqualTo(70);
        assertThat(score(signals, "security")).isEqualTo(85);
        assertThat(score(signals, "limits")).isEqualTo(100);
        assertThat(signals.get(0).numerator()).isEqualByComparingTo("40");
    }

    @Test
    void deductionIsFlooredAtZero() {
        List<SignalValue> signals = HealthCalculator.calculate(AT, Map.of(
                Subcategory.PERFORMANCE, data(Map.of(Severity.CRITICAL, 2, Severity.MAJOR, 2))));
        assertThat(score(signals, "performance")).isZero();
    }

    @Test
    void subcategoryWithoutDataInThirtyDaysIsNotAvailable() {
        List<SignalValue> signals = HealthCalculator.calculate(AT, Map.of(
                Subcategory.PERFORMANCE, new HealthCalculator.SubcategoryFacts(true,
                        AT.minus(Duration.ofDays(30)).minusMillis(1), Map.of()),
                Subcategory.RELIABILITY, new HealthCalculator.SubcategoryFacts(true,
                        AT.minus(Duration.ofDays(30)), Map.of()),
                Subcategory.SECURITY, new HealthCalculator.SubcategoryFacts(true, null, Map.of())));
        assertThat(score(signals, "performance")).isNull();
        assertThat(score(signals, "reliability")).isEqualTo(100);
        assertThat(score(signals, "security")).isNull();
        assertThat(score(signals, "limits")).as("not enrolled").isNull();
    }
}
