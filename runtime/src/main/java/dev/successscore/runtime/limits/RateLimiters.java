package dev.successscore.runtime.limits;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Resilience4j rate limiter ({@link AtomicRateLimiter}, the default kind) per key (a tenant or a caller), never waiting for a permit, kept for at most
 * so many keys: keys are chosen by clients, so the least recently used limiter is dropped to make room (a dropped
 * key starts afresh with a full period's permits; one idle for a refresh period has lost nothing).
 */
final class RateLimiters {

    private final RateLimiterConfig config;
    private final int maxKeys;
    private final Map<String, AtomicRateLimiter> limiters;

    RateLimiters(int limitForPeriod, Duration refreshPeriod, int maxKeys) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(refreshPeriod)
                .timeoutDuration(Duration.ZERO)
                .build();
        this.maxKeys = maxKeys;
        this.limiters = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, AtomicRateLimiter> eldest) {
                return size() > RateLimiters.this.maxKeys;
            }
        };
    }

    /** The limiter of {@code key}, created when it has none (or had it dropped). */
    synchronized AtomicRateLimiter of(String key) {
        return limiters.computeIfAbsent(key, k -> new AtomicRateLimiter(k, config));
    }

    /** Keys with a limiter now. */
    synchronized int size() {
        return limiters.size();
    }

    RateLimiterConfig config() {
        return config;
    }
}
