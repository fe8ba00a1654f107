package dev.successscore.runtime.feed;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.successscore.runtime.grpc.UnavailableException;
import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.feed.v1.FeedEvent;
import successscore.feed.v1.GetFeedHeadRequest;
import successscore.feed.v1.GetFeedHeadResponse;
import successscore.feed.v1.StreamEventsRequest;
import successscore.feed.v1.StreamEventsResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producing side of an event feed ({@code successscore.feed.v1.EventFeedService}): serves the events of a
 * service's Axon event store whose payload types it publishes, in the event store's serialized form.
 *
 * <p>Each {@code StreamEvents} call gets a thread of its own from a bounded pool owned by this server
 * ({@link FeedServerSettings#maxStreams()}; beyond it a call is refused with {@code RESOURCE_EXHAUSTED}). The
 * thread opens {@code eventStore.openStream(token)} at the decoded {@code after_position}, catches up, then follows
 * new commits: an {@code EmbeddedEventStore} wakes its readers as soon as a unit of work in the same JVM has
 * committed events, so no polling pause delays them; commits of other processes (other replicas) are found by its
 * producer thread, which looks every second. Events whose commit comes late (a transaction that started before an
 * event already sent) are sent when they commit, as long as the gap limits of
 * {@link dev.successscore.runtime.axon.AxonSettings} allow.
 *
 * <p>What a response carries:
 * <ul>
 *   <li>published events (payload type among the published ones), at most {@link FeedServerSettings#maxBatchEvents()}
 *       and about {@link FeedServerSettings#maxBatchBytes()} a response, each with its own position. The payload and
 *       metadata bytes are the stored ones ({@code message.serializePayload(serializer, byte[].class)} does not
 *       re-serialize when {@code serializer} is the event store's), after the producer's own upcasters if it has
 *       any;</li>
 *   <li>the position after everything read so far, including events that are not published, so a consumer that
 *       resumes does not read them again. A response without events is sent when the stream opens, at most once a
 *       second while only unpublished events are read, and every {@link FeedServerSettings#heartbeatInterval()}
 *       while idle.</li>
 * </ul>
 * A response is built only while the call {@linkplain ServerCallStreamObserver#isReady() is ready}: a slow consumer
 * holds its stream's thread, not the server's memory. A cancelled call ends its stream within a fraction of a
 * second. {@link #close()} ends every stream with {@code UNAVAILABLE}; call it before stopping the gRPC server, or
 * the server waits for its grace period and then cancels them.
 *
 * <pre>{@code
 * EventFeedServer feed = new EventFeedServer(configuration.eventStore(), axon.serializer(),
 *         EventFeedServer.SIGNAL_EVENTS, FeedServerSettings.from(settings));
 * GrpcServer server = GrpcServer.forPort(port).addService(feed).addService(...).build().start();
 * ...
 * feed.close();
 * server.stop(grace);
 * }</pre>
 */
public final class EventFeedServer extends EventFeedServiceGrpc.EventFeedServiceImplBase implements AutoCloseable {

    /** The events the suite's owning services publish on their feeds. */
    public static final Set<Class<?>> SIGNAL_EVENTS = Set.of(MeasurementRecordedEvent.class,
            EngagementChangedEvent.class);

    private static final Logger log = LoggerFactory.getLogger(EventFeedServer.class);
    /** How often a waiting stream checks whether its call was cancelled or the server closed. */
    private static final int CHECK_INTERVAL_MILLIS = 200;
    /** Progress-only responses while reading unpublished events, at most this often. */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Events read (published or not) before a stream sends what it has, even an empty response. */
    private static final int MAX_READ_PER_RESPONSE = 10_000;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final int HEAD_READ_TIMEOUT_MILLIS = 1000;

    private final StreamableMessageSource<TrackedEventMessage<?>> eventStore;
    private final Serializer serializer;
    private final Set<String> publishedTypeNames;
    private final FeedServerSettings settings;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile boolean closed;

    /** A server with {@linkplain FeedServerSettings#defaults() default settings}. */
    public EventFeedServer(StreamableMessageSource<TrackedEventMessage<?>> eventStore, Serializer serializer,
                           Collection<Class<?>> publishedTypes) {
        this(eventStore, serializer, publishedTypes, FeedServerSettings.defaults());
    }

    /**
     * A server over {@code eventStore} (the service's {@code EmbeddedEventStore}), whose events are serialized by
     * {@code serializer} (the event store's own, so that payloads are sent as stored), publishing the events whose
     * payload is one of {@code publishedTypes}.
     */
    public EventFeedServer(StreamableMessageSource<TrackedEventMessage<?>> eventStore, Serializer serializer,
                           Collection<Class<?>> publishedTypes, FeedServerSettings settings) {
        this.eventStore = Objects.requireNonNull(eventStore, "eventStore");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (publishedTypes.isEmpty()) {
            throw new IllegalArgumentException("An event feed must publish at least one payload type");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> type : publishedTypes) {
            names.add(serializer.typeForClass(type).getName());
        }
        this.publishedTypeNames = Collections.unmodifiableSet(names);
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, settings.maxStreams(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "event-feed-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The serialized payload type names this feed publishes. */
    public Set<String> publishedTypeNames() {
        return publishedTypeNames;
    }

    /** Streams being served right now. */
    public int openStreams() {
        return openStreams.get();
    }

    @Override
    public void streamEvents(StreamEventsRequest request, StreamObserver<StreamEventsResponse> responseObserver) {
        GapAwareTrackingToken start = FeedPositions.decode(request.getAfterPosition());
        if (closed) {
            throw new UnavailableException("The event feed is shutting down", Duration.ofSeconds(1));
        }
        FeedCall call = new FeedCall((ServerCallStreamObserver<StreamEventsResponse>) responseObserver);
        try {
            workers.execute(() -> serve(call, start));
        } catch (RejectedExecutionException e) {
            if (closed) {
                throw new UnavailableException("The event feed is shutting down", Duration.ofSeconds(1));
            }
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("The event feed serves " + settings.maxStreams() + " streams at most; retry later")
                    .asRuntimeException();
        }
    }

    @Override
    public void getFeedHead(GetFeedHeadRequest request, StreamObserver<GetFeedHeadResponse> responseObserver) {
        GapAwareTrackingToken consumerPosition = FeedPositions.decode(request.getPosition(), "position");
        GetFeedHeadResponse.Builder response = GetFeedHeadResponse.newBuilder().setHeadIndex(-1);
        TrackingToken head;
        try {
            head = eventStore.createHeadToken();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (head != null) {
            long headIndex = FeedPositions.indexOf(head);
            response.setHeadIndex(headIndex).setPosition(FeedPositions.encode(head));
            Instant headTime = eventTimeAt(headIndex);
            if (headTime != null) {
                response.setEventTime(timestamp(headTime));
            }
        }
        if (consumerPosition != null) {
            Instant positionTime = eventTimeAt(consumerPosition.getIndex());
            if (positionTime != null) {
                response.setPositionEventTime(timestamp(positionTime));
            }
        }
        responseObserver.onNext(response.build());
        responseObserver.onCompleted();
    }

    /**
     * Ends every open stream with {@code UNAVAILABLE} (consumers resume elsewhere or later), refuses new ones, and
     * waits a few seconds for the stream threads to finish.
     */
    @Override
    public void close() {
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Event feed streams still running after {}; interrupting them", SHUTDOWN_WAIT);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void serve(FeedCall call, GapAwareTrackingToken start) {
        openStreams.incrementAndGet();
        TrackingToken read = start;
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            call.send(StreamEventsResponse.newBuilder().setPosition(FeedPositions.encode(start)).build(), read);
            while (call.isActive()) {
                if (!call.awaitReady(CHECK_INTERVAL_MILLIS)) {
                    continue;
                }
                if (!stream.hasNextAvailable(CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                    sendProgressIfDue(call, read);
                    continue;
                }
                StreamEventsResponse.Builder response = StreamEventsResponse.newBuilder();
                int bytes = 0;
                int readNow = 0;
                while (readNow < MAX_READ_PER_RESPONSE && response.getEventsCount() < settings.maxBatchEvents()
                        && bytes < settings.maxBatchBytes() && stream.hasNextAvailable()) {
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    readNow++;
                    read = message.trackingToken();
                    SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
                    if (publishedTypeNames.contains(payload.getType().getName())) {
                        FeedEvent event = toFeedEvent(message, payload, read);
                        bytes += event.getSerializedSize();
                        response.addEvents(event);
                    }
                }
                if (response.getEventsCount() > 0 || readNow >= MAX_READ_PER_RESPONSE) {
                    call.send(response.setPosition(FeedPositions.encode(read)).build(), read);
                } else {
                    sendProgressIfDue(call, read);
                }
            }
            if (closed && !call.isCancelled()) {
                call.fail(new UnavailableException("The event feed is shutting down; resume from the last position",
                        Duration.ofSeconds(1)));
            } else if (!call.isCancelled()) {
                call.fail(new UnavailableException("The event feed was interrupted; resume from the last position"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.fail(new UnavailableException("The event feed is shutting down; resume from the last position",
                    Duration.ofSeconds(1)));
        } catch (RuntimeException e) {
            if (!call.isCancelled()) {
                log.warn("Event feed stream failed after position {}", read, e);
                call.fail(unavailable(e));
            }
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private void sendProgressIfDue(FeedCall call, TrackingToken read) {
        long sinceLastSend = System.nanoTime() - call.lastSendNanos;
        boolean moved = !Objects.equals(read, call.lastSentPosition);
        if ((moved && sinceLastSend >= PROGRESS_INTERVAL_NANOS)
                || sinceLastSend >= settings.heartbeatInterval().toNanos()) {
            call.send(StreamEventsResponse.newBuilder().setPosition(FeedPositions.encode(read)).build(), read);
        }
    }

    private FeedEvent toFeedEvent(TrackedEventMessage<?> message, SerializedObject<byte[]> payload,
                                  TrackingToken position) {
        SerializedObject<byte[]> metadata = message.serializeMetaData(serializer, byte[].class);
        String revision = payload.getType().getRevision();
        FeedEvent.Builder event = FeedEvent.newBuilder()
                .setPosition(FeedPositions.encode(position))
                .setEventId(message.getIdentifier())
                .setPayloadType(payload.getType().getName())
                .setPayloadRevision(revision == null ? "" : revision)
                .setPayload(ByteString.copyFrom(payload.getData()))
                .setMetadata(ByteString.copyFrom(metadata.getData()))
                .setEventTime(timestamp(message.getTimestamp()));
        if (message instanceof DomainEventMessage<?> domain) {
            if (domain.getType() != null) {
                event.setAggregateType(domain.getType());
            }
            if (domain.getAggregateIdentifier() != null) {
                event.setAggregateId(domain.getAggregateIdentifier());
            }
            event.setAggregateSequence(domain.getSequenceNumber());
        }
        return event.build();
    }

    /** Creation time of the event at {@code index}, or {@code null} when there is none (or it cannot be read). */
    private Instant eventTimeAt(long index) {
        if (index < 0) {
            return null;
        }
        TrackingToken before = index == 0 ? null : GapAwareTrackingToken.newInstance(index - 1, Set.of());
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(before)) {
            if (stream.hasNextAvailable(HEAD_READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (FeedPositions.indexOf(message.trackingToken()) == index) {
                    return message.getTimestamp();
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while reading the event store");
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static UnavailableException unavailable(RuntimeException cause) {
        return new UnavailableException("The event store cannot be read right now", Duration.ofSeconds(1), cause);
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** One open stream: readiness, cancellation, and the last position sent. */
    private final class FeedCall {

        private final ServerCallStreamObserver<StreamEventsResponse> observer;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private volatile boolean cancelled;
        private long lastSendNanos;
        private TrackingToken lastSentPosition;

        FeedCall(ServerCallStreamObserver<StreamEventsResponse> observer) {
            this.observer = observer;
            // both handlers must be set before the call handler returns
            observer.setOnCancelHandler(() -> {
                cancelled = true;
                signal();
            });
            observer.setOnReadyHandler(this::signal);
        }

        boolean isCancelled() {
            return cancelled;
        }

        boolean isActive() {
            return !cancelled && !closed && !Thread.currentThread().isInterrupted();
        }

        /** Waits until the call can take a message; {@code false} when it still cannot after the timeout. */
        boolean awaitReady(long timeoutMillis) throws InterruptedException {
            if (observer.isReady()) {
                return true;
            }
            lock.lock();
            try {
                if (!observer.isReady() && isActive()) {
                    changed.await(timeoutMillis, TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
            return observer.isReady();
        }

        void send(StreamEventsResponse response, TrackingToken position) {
            observer.onNext(response);
            lastSendNanos = System.nanoTime();
            lastSentPosition = position;
        }

        void fail(Throwable failure) {
            try {
                observer.onError(failure);
            } catch (RuntimeException alreadyClosed) {
                // the call is already closed
            }
        }

        private void signal() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
