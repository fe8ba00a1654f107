package dev.successscore.runtime.feed;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.time.Instant;

/**
 * The state of the link to one upstream event feed, as seen by its {@link FeedMessageSource}: for health checks,
 * metrics and operators.
 *
 * @param name                the upstream's name, e.g. {@code usage-service}
 * @param connected           whether a stream to the upstream is open and has received a response since it was
 *                            (re)connected; {@code false} while no event processor reads the feed
 * @param openStreams         streams opened by event processors and not yet closed
 * @param connections         stream connections established so far: the first of each stream and every
 *                            reconnection (after a deadline or a broken link)
 * @param lastError           the last failure of a call to the upstream (status code and description), or
 *                            {@code null}; kept after the link recovers
 * @param lastErrorAt         when it happened, or {@code null}
 * @param lastResponseAt      when the last response of a stream arrived (events or a heartbeat), or {@code null}
 * @param lastDeliveredIndex  global index (in the upstream's event store) of the last event handed to an event
 *                            processor, -1 before any
 * @param lastEventTime       creation time of that event, or {@code null}
 * @param circuitBreakerState the state of the upstream's circuit breaker
 */
public record UpstreamStatus(String name, boolean connected, int openStreams, long connections, String lastError,
                             Instant lastErrorAt,
                             Instant lastResponseAt, long lastDeliveredIndex, Instant lastEventTime,
                             CircuitBreaker.State circuitBreakerState) {
}
