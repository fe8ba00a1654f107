package dev.successscore.score.feed;

import dev.successscore.runtime.feed.FeedLag;
import dev.successscore.runtime.feed.UpstreamStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feed lag per upstream as metrics: {@code successscore.feed.lag.events} (events in the upstream's
 * store after the applied position), {@code successscore.feed.lag.seconds} (age of the applied
 * position against the upstream's newest event) and {@code successscore.feed.connected} (1 or 0),
 * each tagged with {@code upstream}. Measuring lag asks the upstream for its head, so a reading is
 * reused for a short while instead of asking on every scrape. An unknown lag reads as NaN.
 */
public final class FeedMetrics {

    private static final Duration REUSE = Duration.ofSeconds(5);

    private final UpstreamFeeds feeds;
    private final Clock clock;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    private record Reading(Instant at, double events, double seconds) {
    }

    public FeedMetrics(UpstreamFeeds feeds, MeterRegistry registry, Clock clock) {
        this.feeds = feeds;
        this.clock = clock;
        for (String upstream : feeds.upstreams()) {
            Gauge.builder("successscore.feed.lag.events", () -> reading(upstream).events())
                    .tag("upstream", upstream).description("events of the upstream not yet applied")
                    .register(registry);
            Gauge.builder("successscore.feed.lag.seconds", () -> reading(upstream).seconds())
                    .tag("upstream", upstream).baseUnit("seconds")
                    .description("age of the applied position against the upstream's newest event")
                    .register(registry);
            Gauge.builder("successscore.feed.connected",
                            () -> feeds.status(upstream).map(UpstreamStatus::connected).orElse(false) ? 1 : 0)
                    .tag("upstream", upstream).description("1 while the upstream's feed is connected")
                    .register(registry);
        }
    }

    private Reading reading(String upstream) {
        Instant now = clock.instant();
        return readings.compute(upstream, (name, last) -> {
            if (last != null && last.at().plus(REUSE).isAfter(now)) {
                return last;
            }
            try {
                FeedLag lag = feeds.lag(name);
                double seconds = lag.time() == null ? Double.NaN : lag.time().toMillis() / 1000.0;
                return new Reading(now, lag.events(), seconds);
            } catch (RuntimeException e) {
                return new Reading(now, Double.NaN, Double.NaN);
            }
        });
    }
}
