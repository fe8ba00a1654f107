package dev.successscore.runtime.limits;

import dev.successscore.runtime.config.Settings;

import java.time.Duration;
import java.util.Objects;

/**
 * The resource limits of a service's gRPC server (see {@link ResourceLimits}).
 *
 * @param maxMessageBytes     the largest request message accepted, in bytes ({@value #MAX_MESSAGE_BYTES}); a larger
 *                            one is refused by gRPC with {@code RESOURCE_EXHAUSTED}
 * @param maxDeadline         the longest a unary or client-streaming call may run ({@value #MAX_DEADLINE}); a call
 *                            without a deadline or with a longer one is cut at this; server-streaming calls are exempt
 * @param ratePerSecond       calls (for client-streaming calls: messages) per second and tenant
 *                            ({@value #RATE_LIMIT_PER_SECOND}); 0 turns rate limiting off
 * @param rateRefreshPeriod   how often a tenant's permits are refilled ({@value #RATE_LIMIT_REFRESH_PERIOD}): each
 *                            period grants {@link #limitForPeriod()} permits, which is the largest burst
 * @param maxRateLimitedKeys  tenants and callers whose limiters are kept at most ({@value #RATE_LIMIT_MAX_KEYS}); the
 *                            least recently seen is dropped first
 * @param maxStreamsPerCaller open streaming calls per caller at most ({@value #MAX_STREAMS_PER_CALLER})
 */
public record LimitSettings(int maxMessageBytes, Duration maxDeadline, int ratePerSecond, Duration rateRefreshPeriod,
                            int maxRateLimitedKeys, int maxStreamsPerCaller) {

    public static final String MAX_MESSAGE_BYTES = "CSS_GRPC_MAX_MESSAGE_BYTES";
    public static final String MAX_DEADLINE = "CSS_GRPC_MAX_DEADLINE";
    public static final String RATE_LIMIT_PER_SECOND = "CSS_RATE_LIMIT_PER_SECOND";
    public static final String RATE_LIMIT_REFRESH_PERIOD = "CSS_RATE_LIMIT_REFRESH_PERIOD";
    public static final String RATE_LIMIT_MAX_KEYS = "CSS_RATE_LIMIT_MAX_KEYS";
    public static final String MAX_STREAMS_PER_CALLER = "CSS_GRPC_MAX_STREAMS_PER_CALLER";

    /** 4 MiB, gRPC's own default, made explicit. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofMinutes(2);
    public static final int DEFAULT_RATE_PER_SECOND = 200;
    public static final Duration DEFAULT_RATE_REFRESH_PERIOD = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RATE_LIMITED_KEYS = 10_000;
    public static final int DEFAULT_MAX_STREAMS_PER_CALLER = 16;

    /** Validates the values. */
    public LimitSettings {
        require(maxMessageBytes >= 1024, MAX_MESSAGE_BYTES + " must be at least 1024 but was " + maxMessageBytes);
        Objects.requireNonNull(maxDeadline, "maxDeadline");
        require(maxDeadline.toMillis() >= 1, MAX_DEADLINE + " must be at least 1ms but was " + maxDeadline);
        require(ratePerSecond >= 0, RATE_LIMIT_PER_SECOND + " must not be negative but was " + ratePerSecond);
        Objects.requireNonNull(rateRefreshPeriod, "rateRefreshPeriod");
        require(rateRefreshPeriod.toMillis() >= 1 && rateRefreshPeriod.compareTo(Duration.ofMinutes(1)) <= 0,
                RATE_LIMIT_REFRESH_PERIOD + " must be between 1ms and 1m but was " + rateRefreshPeriod);
        require(maxRateLimitedKeys >= 1, RATE_LIMIT_MAX_KEYS + " must be at least 1 but was " + maxRateLimitedKeys);
        require(maxStreamsPerCaller >= 1,
                MAX_STREAMS_PER_CALLER + " must be at least 1 but was " + maxStreamsPerCaller);
    }

    /** The defaults. */
    public static LimitSettings defaults() {
        return new LimitSettings(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_DEADLINE, DEFAULT_RATE_PER_SECOND,
                DEFAULT_RATE_REFRESH_PERIOD, DEFAULT_MAX_RATE_LIMITED_KEYS, DEFAULT_MAX_STREAMS_PER_CALLER);
    }

    /** The limits {@code settings} configure, the defaults where unset. */
    public static LimitSettings from(Settings settings) {
        return new LimitSettings(
                settings.integer(MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 1024, Integer.MAX_VALUE),
                settings.duration(MAX_DEADLINE, DEFAULT_MAX_DEADLINE),
                settings.integer(RATE_LIMIT_PER_SECOND, DEFAULT_RATE_PER_SECOND, 0, 1_000_000),
                settings.duration(RATE_LIMIT_REFRESH_PERIOD, DEFAULT_RATE_REFRESH_PERIOD),
                settings.integer(RATE_LIMIT_MAX_KEYS, DEFAULT_MAX_RATE_LIMITED_KEYS, 1, 10_000_000),
                settings.integer(MAX_STREAMS_PER_CALLER, DEFAULT_MAX_STREAMS_PER_CALLER, 1, 100_000));
    }

    /** Whether calls are rate limited at all. */
    public boolean rateLimited() {
        return ratePerSecond > 0;
    }

    /**
     * Permits granted each {@link #rateRefreshPeriod()}: the rate per second over the period, at least 1 (Resilience4j's
     * {@code limitForPeriod}).
     */
    public int limitForPeriod() {
        double perPeriod = ratePerSecond * (rateRefreshPeriod.toNanos() / 1e9);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(perPeriod)));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
