package dev.successscore.cli.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * The chart's coordinates: time runs left to right from the first change to a little after the last, scores
 * 0..100 bottom to top. Computed in decimals and written with two decimals, so the drawing is exact and the same on
 * every machine.
 */
final class ChartScale {

    static final int WIDTH = 960;
    static final int HEIGHT = 380;
    static final int LEFT = 56;
    static final int RIGHT = 24;
    static final int TOP = 16;
    static final int BOTTOM = 48;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal PLOT_WIDTH = BigDecimal.valueOf(WIDTH - LEFT - RIGHT);
    private static final BigDecimal PLOT_HEIGHT = BigDecimal.valueOf(HEIGHT - TOP - BOTTOM);
    private static final int SCALE = 6;

    private final Instant start;
    private final Instant end;
    private final BigDecimal spanMillis;

    /**
     * @param first the first change's instant
     * @param last  the last change's instant; the axis runs a twentieth of the span (at least an hour) beyond it,
     *              so that the score in force after the last change shows
     */
    ChartScale(Instant first, Instant last) {
        Duration span = Duration.between(first, last);
        if (span.isNegative()) {
            throw new IllegalArgumentException("the last instant " + last + " is before the first " + first);
        }
        Duration margin = span.dividedBy(20);
        if (margin.compareTo(Duration.ofHours(1)) < 0) {
            margin = Duration.ofHours(1);
        }
        this.start = first;
        this.end = last.plus(margin);
        this.spanMillis = BigDecimal.valueOf(Duration.between(start, end).toMillis());
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    /** The horizontal coordinate of an instant. */
    BigDecimal x(Instant instant) {
        BigDecimal offset = BigDecimal.valueOf(Duration.between(start, instant).toMillis());
        return BigDecimal.valueOf(LEFT).add(offset.multiply(PLOT_WIDTH).divide(spanMillis, SCALE, RoundingMode.HALF_UP));
    }

    /** The vertical coordinate of a score, held to 0..100. */
    BigDecimal y(BigDecimal score) {
        BigDecimal held = score.max(BigDecimal.ZERO).min(HUNDRED);
        return BigDecimal.valueOf(TOP).add(HUNDRED.subtract(held).multiply(PLOT_HEIGHT)
                .divide(HUNDRED, SCALE, RoundingMode.HALF_UP));
    }

    BigDecimal y(int score) {
        return y(BigDecimal.valueOf(score));
    }

    static BigDecimal left() {
        return BigDecimal.valueOf(LEFT);
    }

    static BigDecimal right() {
        return BigDecimal.valueOf(WIDTH - RIGHT);
    }

    static BigDecimal bottom() {
        return BigDecimal.valueOf(HEIGHT - BOTTOM);
    }

    /** A coordinate as the SVG writes it: at most two decimals, no exponent. */
    static String format(BigDecimal coordinate) {
        BigDecimal rounded = coordinate.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }
}
