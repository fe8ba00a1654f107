package dev.successscore.runtime.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that a test sets and moves forward; services read their time from it. A {@linkplain #live() live}
 * clock runs with the system clock (for tests of background work), still movable forward.
 */
public final class MovableClock extends Clock {

    private volatile Instant fixed;
    private volatile Duration offset = Duration.ZERO;

    public MovableClock(Instant start) {
        fixed = start;
    }

    private MovableClock() {
        fixed = null;
    }

    /** A clock that runs with the system clock. */
    public static MovableClock live() {
        return new MovableClock();
    }

    /** Moves the clock forward by {@code duration}. */
    public void advance(Duration duration) {
        if (fixed == null) {
            offset = offset.plus(duration);
        } else {
            fixed = fixed.plus(duration);
        }
    }

    /** Sets a fixed clock to {@code instant}. */
    public void set(Instant instant) {
        if (fixed == null) {
            throw new IllegalStateException("a live clock can only be moved forward");
        }
        fixed = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant base = fixed;
        return base == null ? Instant.now().plus(offset) : base;
    }
}
