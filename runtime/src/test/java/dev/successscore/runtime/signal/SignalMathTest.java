package dev.successscore.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SignalMathTest {

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void growthReproducesTrailheadsPrintedExamples() {
        assertThat(SignalMath.growth(d("15"), d("12"))).hasValue(62);
        assertThat(SignalMath.growth(d("13"), d("15"))).hasValue(43);
        assertThat(SignalMath.growth(d("693"), d("564"))).hasValue(61);
        assertThat(SignalMath.growth(d("499"), d("564"))).hasValue(44);
    }

    @Test
    void growthIsCappedAt100AndNotAvailableWithoutBaseline() {
        assertThat(SignalMath.growth(d("100"), d("10"))).hasValue(100);
        assertThat(SignalMath.growth(d("5"), null)).isEqualTo(OptionalInt.empty());
        assertThat(SignalMath.growth(d("5"), BigDecimal.ZERO)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void ratioRoundsHalfEvenNotHalfUp() {
        // 100 x 1/8 = 12.5 -> 12 (half-even), where half-up would give 13
        assertThat(SignalMath.ratio(d("1"), d("8"))).hasValue(12);
        // 100 x 3/8 = 37.5 -> 38
        assertThat(SignalMath.ratio(d("3"), d("8"))).hasValue(38);
        assertThat(SignalMath.ratio(d("30"), d("40"))).hasValue(75);
    }

    @Test
    void ratioIsCappedAndNotAvailableOnZeroDenominator() {
        assertThat(SignalMath.ratio(d("50"), d("40"))).hasValue(100);
        assertThat(SignalMath.ratio(d("0"), d("0"))).isEmpty();
    }

    @Test
    void ratioRefusesNegativeInput() {
        assertThatThrownBy(() -> SignalMath.ratio(d("-1"), d("4"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baselineIsTheMeanOfTheLatestTwelvePeriodsWithData() {
        List<BigDecimal> periods = Arrays.asList(d("1000"), null, d("10"), d("10"), d("10"), d("10"), d("10"),
                d("10"), d("10"), d("10"), d("10"), d("10"), d("10"), d("22"));
        // the oldest period (1000) falls outside the latest twelve with data; null is skipped
        assertThat(SignalMath.baseline(periods)).isEqualByComparingTo("11");
        assertThat(SignalMath.baseline(Arrays.asList(null, null))).isNull();
    }

    @Test
    void deductionIsFlooredAtZero() {
        assertThat(SignalMath.deduction(15)).isEqualTo(85);
        assertThat(SignalMath.deduction(140)).isZero();
    }
}
