package dev.successscore.runtime.feed;

import com.google.protobuf.Timestamp;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import successscore.feed.v1.FeedEvent;
import successscore.feed.v1.StreamEventsRequest;
import successscore.feed.v1.StreamEventsResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One stream of a {@link FeedMessageSource}: a reader thread runs {@code StreamEvents} calls, reconnecting from
 * the last position received, and fills a bounded buffer that the event processor drains.
 *
 * <p>The processor's calls ({@code hasNextAvailable}, {@code peek}, {@code nextAvailable}) come from one thread at a
 * time; {@link #close()} may come from any.
 */
final class FeedEventStream implements BlockingStream<TrackedEventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(FeedEventStream.class);
    private static final int CLOSED_CHECK_MILLIS = 200;

    private final FeedMessageSource source;
    private final FeedClientSettings settings;
    private final BlockingQueue<Object> buffer;
    private final Thread reader;
    private final Object consumerLock = new Object();
    private volatile boolean closed;
    private volatile Runnable onAvailable = () -> { };
    private volatile Context.CancellableContext callContext;

    // reader thread only
    private GapAwareTrackingToken position;

    // consumer side, under consumerLock
    private TrackedEventMessage<?> peeked;
    private FeedStreamException failure;

    FeedEventStream(FeedMessageSource source, GapAwareTrackingToken start, String threadName) {
        this.source = source;
        this.settings = source.settings();
        this.buffer = new ArrayBlockingQueue<>(settings.bufferSize());
        this.position = start;
        this.reader = new Thread(this::read, threadName);
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    // ---------------------------------------------------------------- consumer side

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
        synchronized (consumerLock) {
            return hasNextAvailable() ? Optional.of(peeked) : Optional.empty();
        }
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
        synchronized (consumerLock) {
            if (peeked != null) {
                return true;
            }
            if (failure != null) {
                throw failure;
            }
            Object next = timeout <= 0 ? buffer.poll() : buffer.poll(timeout, unit);
            if (next == null) {
                return false;
            }
            if (next instanceof Failure ended) {
                failure = ended.exception();
                throw failure;
            }
            peeked = (TrackedEventMessage<?>) next;
            return true;
        }
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
        synchronized (consumerLock) {
            while (!hasNextAvailable(CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new IllegalStateException("The feed stream of " + source.name() + " is closed");
                }
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            source.delivered(next);
            return next;
        }
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
        this.onAvailable = callback == null ? () -> { } : callback;
        if (!buffer.isEmpty()) {
            this.onAvailable.run();
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Context.CancellableContext context = callContext;
        if (context != null) {
            context.cancel(null);
        }
        reader.interrupt();
        buffer.clear();
        source.streamClosed(this);
    }

    // ---------------------------------------------------------------- reader side

    private void read() {
        try {
            while (!closed) {
                // a fresh retry context for every connection that made progress: the attempts count anew
                source.streamRetry().executeCheckedSupplier(this::connectOnce);
            }
        } catch (Throwable e) {
            if (!closed) {
                source.failed(e);
                log.warn("Event feed stream of {} failed after position {}: {}", source.name(), position,
                        FeedCalls.describe(e));
                enqueue(new Failure(new FeedStreamException("The event feed stream of " + source.name()
                        + " failed: " + FeedCalls.describe(e), e)));
                onAvailable.run();
            }
        }
    }

    /**
     * One {@code StreamEvents} call from {@link #position}. Returns normally when the call made progress (received
     * at least one response) before it ended in a way worth reconnecting after; throws otherwise, for the retry to
     * decide.
     */
    private Void connectOnce() throws InterruptedException {
        if (closed) {
            return null;
        }
        CircuitBreaker breaker = source.circuitBreaker();
        breaker.acquirePermission();
        long started = System.nanoTime();
        boolean outcomeRecorded = false;
        Context.CancellableContext context = Context.current().withCancellation();
        callContext = context;
        try {
            if (closed) {
                return null;
            }
            StreamEventsRequest request = StreamEventsRequest.newBuilder()
                    .setAfterPosition(FeedPositions.encode(position)).build();
            Iterator<StreamEventsResponse> responses;
            Context previous = context.attach();   // the call is cancelled with this context
            try {
                responses = source.stub()
                        .withDeadlineAfter(settings.streamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                        .streamEvents(request);
            } finally {
                context.detach(previous);
            }
            while (responses.hasNext()) {
                StreamEventsResponse response = responses.next();
                if (!outcomeRecorded) {
                    breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    outcomeRecorded = true;
                    source.connected();
                }
                accept(response);
            }
            if (!outcomeRecorded) {
                throw Status.UNAVAILABLE.withDescription("the stream ended without a response").asRuntimeException();
            }
            // the server ended a working stream without an error: reconnect
            return null;
        } catch (StatusRuntimeException e) {
            if (closed) {
                return null;
            }
            if (e.getCause() instanceof InterruptedException) {
                throw (InterruptedException) e.getCause();
            }
            source.failed(e);
            if (!outcomeRecorded) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                outcomeRecorded = true;
                throw e;
            }
            if (!FeedCalls.isRetryable(e)) {
                throw e;
            }
            log.debug("Event feed stream of {} ended ({}); reconnecting from {}", source.name(),
                    FeedCalls.describe(e), position);
            if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                // a link that broke after working: pause briefly (jittered) before reconnecting
                long pause = settings.initialBackoff().toMillis();
                Thread.sleep(pause / 2 + ThreadLocalRandom.current().nextLong(pause + 1));
            }
            return null;
        } finally {
            if (!outcomeRecorded) {
                breaker.releasePermission();
            }
            context.cancel(null);
        }
    }

    private void accept(StreamEventsResponse response) throws InterruptedException {
        GapAwareTrackingToken lastEvent = null;
        if (response.getEventsCount() > 0) {
            List<TrackedEventData<?>> data = new ArrayList<>(response.getEventsCount());
            for (FeedEvent event : response.getEventsList()) {
                lastEvent = FeedPositions.decode(event.getPosition(), "events.position");
                data.add(toEventData(event, lastEvent));
            }
            List<TrackedEventMessage<?>> messages = EventUtils.upcastAndDeserializeTrackedEvents(
                    data.stream(), source.serializer(), source.upcasterChain()).collect(Collectors.toList());
            for (TrackedEventMessage<?> message : messages) {
                if (!enqueue(message)) {
                    return;
                }
            }
            position = lastEvent;
        }
        if (!response.getPosition().isEmpty()) {
            position = FeedPositions.decode(response.getPosition(), "position");
        }
        source.responseReceived(position, lastEvent);
        if (!buffer.isEmpty()) {
            onAvailable.run();
        }
    }

    private static TrackedEventData<?> toEventData(FeedEvent event, GapAwareTrackingToken token) {
        String aggregateId = event.getAggregateId().isEmpty() ? null : event.getAggregateId();
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(
                event.getAggregateType().isEmpty() ? null : event.getAggregateType(),
                aggregateId,
                event.getAggregateSequence(),
                event.getEventId(),
                instant(event.getEventTime()),
                event.getPayloadType(),
                event.getPayloadRevision().isEmpty() ? null : event.getPayloadRevision(),
                event.getPayload().toByteArray(),
                event.getMetadata().toByteArray());
        return new TrackedDomainEventData<>(token, entry);
    }

    /** Puts {@code item} in the buffer, waiting for room; {@code false} when the stream was closed meanwhile. */
    private boolean enqueue(Object item) {
        try {
            while (!closed) {
                if (buffer.offer(item)) {
                    return true;
                }
                // full: make sure the processor knows there is something to take, then wait for room
                onAvailable.run();
                if (buffer.offer(item, CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** Ends the stream for the processor, after the events buffered before it. */
    private record Failure(FeedStreamException exception) {
    }
}
