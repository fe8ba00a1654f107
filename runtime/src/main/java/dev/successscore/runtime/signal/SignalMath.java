package dev.successscore.runtime.signal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The four signal types of the Customer Success Score (spec section 2), in exact decimal
 * arithmetic with half-even rounding to an integer. The owning services compute their signals
 * with these, so that every service rounds the same way. A signal that is not available is an
 * empty OptionalInt, never 0.
 */
public final class SignalMath {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal FIFTY = BigDecimal.valueOf(50);
    /** Growth baselines use at most this many previous periods. */
    public static final int GROWTH_PERIODS = 12;

    private SignalMath() {
    }

    /** RATIO: round(100 x numerator / denominator), capped at 100; not available when the denominator is 0. */
    public static OptionalInt ratio(BigDecimal numerator, BigDecimal denominator) {
        requireNonNegative(numerator, "numerator");
        requireNonNegative(denominator, "denominator");
        if (denominator.signum() == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.min(100, round(HUNDRED.multiply(numerator), denominator)));
    }

    /** GROWTH: round(50 x current / baseline), capped at 100; not available without a (non-zero) baseline. */
    public static OptionalInt growth(BigDecimal current, BigDecimal baseline) {
        requireNonNegative(current, "current");
        if (baseline == null || baseline.signum() == 0) {
            return OptionalInt.empty();
        }
        requireNonNegative(baseline, "baseline");
        return OptionalInt.of(Math.min(100, round(FIFTY.multiply(current), baseline)));
    }

    /**
     * The growth baseline: the mean of the most recent {@value #GROWTH_PERIODS} previous periods
     * that have data (null entries are periods without data), oldest first; null when none has.
     * The mean is exact to 10 decimals, which the growth score then rounds.
     */
    public static BigDecimal baseline(List<BigDecimal> previousPeriodsOldestFirst) {
        List<BigDecimal> withData = previousPeriodsOldestFirst.stream().filter(Objects::nonNull).toList();
        if (withData.isEmpty()) {
            return null;
        }
        List<BigDecimal> recent = withData.subList(Math.max(0, withData.size() - GROWTH_PERIODS), withData.size());
        BigDecimal sum = recent.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(recent.size()), 10, RoundingMode.HALF_EVEN);
    }

    /** DEDUCTION: 100 minus penalties, floored at 0. */
    public static int deduction(int penalties) {
        if (penalties < 0) {
            throw new IllegalArgumentException("penalties must not be negative");
        }
        return Math.max(0, 100 - penalties);
    }

    /** INDICATOR: 100, 50 or 0 as the rule's outcome is full, partial or none. */
    public static int indicator(IndicatorOutcome outcome) {
        return switch (outcome) {
            case FULL -> 100;
            case PARTIAL -> 50;
            case NONE -> 0;
        };
    }

    /** The outcome of an indicator rule. */
    public enum IndicatorOutcome {
        FULL,
        PARTIAL,
        NONE
    }

    /** numerator / denominator rounded half-even to an integer. */
    public static int round(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, 0, RoundingMode.HALF_EVEN).intValueExact();
    }

    private static void requireNonNegative(BigDecimal value, String name) {
        if (value == null || value.signum() < 0) {
            throw new IllegalArgumentException(name + " must be a non-negative number");
        }
    }
}
