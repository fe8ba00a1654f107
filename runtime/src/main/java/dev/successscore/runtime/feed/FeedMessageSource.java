package dev.successscore.runtime.feed;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.Channel;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.feed.v1.GetFeedHeadRequest;
import successscore.feed.v1.GetFeedHeadResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The consuming side of an event feed: the events an upstream service publishes, as an Axon
 * {@link StreamableMessageSource} for a {@code PooledStreamingEventProcessor} of the consuming service. The
 * processor keeps its position (the upstream's {@link GapAwareTrackingToken}, serialized by the consumer's own
 * serializer) in the consumer's token store, in the same transaction as whatever its handlers write, so each event
 * takes effect once even across restarts.
 *
 * <pre>{@code
 * FeedMessageSource usageFeed = new FeedMessageSource("usage-service", usageChannel, axon.serializer(),
 *         upcasters, FeedClientSettings.from(settings));
 * Configurer configurer = axon.configurer();
 * configurer.eventProcessing()
 *         .registerPooledStreamingEventProcessor("usage-feed", c -> usageFeed,
 *                 (c, builder) -> builder.initialSegmentCount(2))
 *         .registerSequencingPolicy("usage-feed", c -> TenantSequencingPolicy.INSTANCE)
 *         .registerEventHandler(c -> new MeasurementApplier(...));   // @ProcessingGroup("usage-feed")
 * }</pre>
 *
 * <p><b>Streams.</b> {@link #openStream} starts one {@code StreamEvents} call and a reader thread that moves the
 * received events into a bounded buffer ({@link FeedClientSettings#bufferSize()}); it asks gRPC for the next
 * response only when the previous one fits, so a slow processor holds the upstream back instead of filling memory.
 * Each event becomes a {@link TrackedEventMessage} through the consumer's serializer <i>and upcaster chain</i>;
 * a payload type the consumer does not know arrives as Axon's {@code UnknownSerializedType} and is delivered all the
 * same (a handler that refuses it stops the processor there; nothing is skipped silently).
 *
 * <p><b>Failures.</b> When a stream's deadline ({@link FeedClientSettings#streamDeadline()}) expires or its
 * link breaks, the reader reconnects by itself from the last position it received, keeping what is buffered: no
 * event is skipped or delivered twice. Reconnecting after {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED} or
 * {@code RESOURCE_EXHAUSTED} is retried with exponential back-off and jitter (a Resilience4j {@link Retry}), through
 * the upstream's {@link CircuitBreaker}; any other status, or {@link FeedClientSettings#streamAttempts()} failed
 * attempts in a row, ends the stream with a {@link FeedStreamException} once the buffered events are taken. The
 * processor then releases its segments and opens a new stream from its stored position after its own back-off.
 * Unary calls ({@link #createHeadToken()}, {@link #lag()}) have a deadline each and go through a retry and the same
 * breaker.
 *
 * <p><b>Monitoring.</b> {@link #status()} tells whether the link is up, the last error and the breaker's state;
 * {@link #lag(TrackingToken)} how far a consumer is behind the upstream's head.
 */
public final class FeedMessageSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double BACKOFF_JITTER = 0.5;

    private final String name;
    private final EventFeedServiceGrpc.EventFeedServiceBlockingStub stub;
    private final Serializer serializer;
    private final EventUpcaster upcasterChain;
    private final FeedClientSettings settings;
    private final CircuitBreaker circuitBreaker;
    private final Retry callRetry;
    private final Retry streamRetry;
    private final Set<FeedEventStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger streamCounter = new AtomicInteger();
    private final AtomicLong connections = new AtomicLong();

    // link state, written by the reader threads and the unary calls
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastResponseAt;
    private volatile TrackingToken lastDeliveredToken;
    private volatile Instant lastDeliveredEventTime;
    private volatile Received lastReceived = new Received(null, null);
    private volatile boolean closed;

    /**
     * A source reading the feed of the upstream called {@code name} through {@code channel} (which the caller
     * owns and shuts down), turning events back into messages with the consumer's {@code serializer} and
     * {@code upcasterChain} ({@code null} for none).
     */
    public FeedMessageSource(String name, Channel channel, Serializer serializer, EventUpcaster upcasterChain,
                             FeedClientSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.stub = EventFeedServiceGrpc.newBlockingStub(Objects.requireNonNull(channel, "channel"));
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.upcasterChain = upcasterChain == null ? NoOpEventUpcaster.INSTANCE : upcasterChain;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.circuitBreaker = CircuitBreaker.of("feed-" + name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(FeedCalls::isTransientStatus)
                .ignoreException(failure -> !FeedCalls.isTransientStatus(failure))
                .build());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                BACKOFF_MULTIPLIER, BACKOFF_JITTER, settings.maxBackoff());
        this.callRetry = Retry.of("feed-" + name + "-call", RetryConfig.custom()
                .maxAttempts(settings.callAttempts())
                .intervalFunction(backoff)
                .retryOnException(FeedCalls::isRetryable)
                .build());
        this.streamRetry = Retry.of("feed-" + name + "-stream", RetryConfig.custom()
                .maxAttempts(settings.streamAttempts())
                .intervalFunction(backoff)
                .retryOnException(FeedCalls::isRetryable)
                .build());
    }

    /** The upstream's name. */
    public String name() {
        return name;
    }

    /**
     * A stream of the upstream's published events after {@code trackingToken} ({@code null}: from the first one).
     * A {@linkplain WrappedToken wrapped} token (a replay) is read from its lower bound.
     */
    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        if (closed) {
            throw new IllegalStateException("The feed source of " + name + " is closed");
        }
        TrackingToken start = WrappedToken.unwrapLowerBound(trackingToken);
        if (start != null && !(start instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException("A feed of " + name + " resumes from a GapAwareTrackingToken, not "
                    + start.getClass().getName());
        }
        FeedEventStream stream = new FeedEventStream(this, (GapAwareTrackingToken) start,
                "feed-" + name + "-" + streamCounter.incrementAndGet());
        openStreams.add(stream);
        stream.start();
        return stream;
    }

    /** {@code null}: the beginning of the feed. */
    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /**
     * The position after the upstream's newest event, asked with {@code GetFeedHead}; {@code null} while its event
     * store is empty.
     */
    @Override
    public TrackingToken createHeadToken() {
        GetFeedHeadResponse head = getFeedHead(GetFeedHeadRequest.getDefaultInstance());
        return FeedPositions.decode(head.getPosition(), "position");
    }

    /**
     * Not supported: a feed cannot look positions up by time.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        throw new UnsupportedOperationException("The event feed of " + name
                + " cannot find a position by time; start from the tail or the head");
    }

    /** The state of the link to the upstream. */
    public UpstreamStatus status() {
        TrackingToken delivered = lastDeliveredToken;
        return new UpstreamStatus(name, connected && !openStreams.isEmpty(), openStreams.size(), connections.get(),
                lastError, lastErrorAt, lastResponseAt, FeedPositions.indexOf(delivered), lastDeliveredEventTime,
                circuitBreaker.getState());
    }

    /**
     * How far the last event handed to an event processor is behind the upstream's head. The processor reads ahead
     * of what it has committed: to know how far the consumer's <i>applied</i> state is behind, use
     * {@link #lag(TrackingToken)} with the processor's stored token.
     */
    public FeedLag lag() {
        return lag(lastDeliveredToken);
    }

    /**
     * How far a consumer whose last applied event is at {@code applied} (for example its event processor's stored
     * token; {@code null}: nothing applied yet) is behind the upstream's head, asked with {@code GetFeedHead}.
     *
     * <p>When {@code applied} covers the last event this source has received, the consumer counts as having
     * reached the last position received, which also covers the unpublished events after that event, so a
     * consumer that is up to date shows no lag even when the upstream's newest events are not published ones.
     */
    public FeedLag lag(TrackingToken applied) {
        TrackingToken position = effectivePosition(WrappedToken.unwrapLowerBound(applied));
        GetFeedHeadResponse head = getFeedHead(GetFeedHeadRequest.newBuilder()
                .setPosition(FeedPositions.encode(position)).build());
        long headIndex = head.getHeadIndex();
        long positionIndex = FeedPositions.indexOf(position);
        long events = Math.max(0, headIndex - positionIndex);
        Duration time;
        if (events == 0) {
            time = Duration.ZERO;
        } else if (head.hasEventTime() && head.hasPositionEventTime()) {
            Duration between = Duration.between(instant(head.getPositionEventTime()), instant(head.getEventTime()));
            time = between.isNegative() ? Duration.ZERO : between;
        } else {
            time = null;
        }
        return new FeedLag(headIndex, positionIndex, events, time);
    }

    /** The upstream's circuit breaker, e.g. for metrics. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The retry of reconnecting streams, e.g. for metrics. */
    public Retry streamRetry() {
        return streamRetry;
    }

    /** The retry of unary calls, e.g. for metrics. */
    public Retry callRetry() {
        return callRetry;
    }

    /** Closes every open stream; the channel stays open (its owner shuts it down). */
    @Override
    public void close() {
        closed = true;
        openStreams.forEach(FeedEventStream::close);
    }

    // ---- used by FeedEventStream ----

    EventFeedServiceGrpc.EventFeedServiceBlockingStub stub() {
        return stub;
    }

    Serializer serializer() {
        return serializer;
    }

    EventUpcaster upcasterChain() {
        return upcasterChain;
    }

    FeedClientSettings settings() {
        return settings;
    }

    void streamClosed(FeedEventStream stream) {
        openStreams.remove(stream);
    }

    void connected() {
        connections.incrementAndGet();
        connected = true;
    }

    void responseReceived(TrackingToken position, TrackingToken lastEvent) {
        lastResponseAt = Instant.now();
        lastReceived = new Received(position, lastEvent != null ? lastEvent : lastReceived.lastEvent());
    }

    void delivered(TrackedEventMessage<?> message) {
        lastDeliveredToken = message.trackingToken();
        lastDeliveredEventTime = message.getTimestamp();
    }

    void failed(Throwable failure) {
        connected = false;
        lastError = FeedCalls.describe(failure);
        lastErrorAt = Instant.now();
    }

    private GetFeedHeadResponse getFeedHead(GetFeedHeadRequest request) {
        return unary(() -> stub.withDeadlineAfter(settings.callDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .getFeedHead(request));
    }

    private <T> T unary(Supplier<T> call) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(circuitBreaker, call);
        try {
            return Retry.decorateSupplier(callRetry, guarded).get();
        } catch (RuntimeException e) {
            failedCall(e);
            throw e;
        }
    }

    private void failedCall(RuntimeException failure) {
        lastError = FeedCalls.describe(failure);
        lastErrorAt = Instant.now();
    }

    private TrackingToken effectivePosition(TrackingToken applied) {
        Received received = lastReceived;
        if (received.position() == null) {
            return applied;
        }
        boolean appliedEverythingReceived = received.lastEvent() == null
                || (applied != null && applied.covers(received.lastEvent()));
        boolean receivedCoversApplied = applied == null || received.position().covers(applied);
        return appliedEverythingReceived && receivedCoversApplied ? received.position() : applied;
    }

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** The last position received on a stream, and the position of the last event received. */
    private record Received(TrackingToken position, TrackingToken lastEvent) {
    }
}
