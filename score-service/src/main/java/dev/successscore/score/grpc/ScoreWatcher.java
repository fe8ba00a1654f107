package dev.successscore.score.grpc;

import dev.successscore.runtime.feed.FeedPositions;
import dev.successscore.runtime.security.Caller;
import dev.successscore.score.api.ScoreChangedEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import dev.successscore.runtime.grpc.UnavailableException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import successscore.score.v1.WatchScoreChangesRequest;
import successscore.score.v1.WatchScoreChangesResponse;

/**
 * Serves WatchScoreChanges (with flow control: a change is sent only when the client can take it;
 * at most as many watches as the worker pool allows, beyond which callers are told to retry): follows the event store from a position (the same gap-aware positions
 * as the event feeds) and sends the matching
 * changes, each with the position to resume after it. One worker per open watch.
 */
public final class ScoreWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreWatcher.class);

    private final EventStore eventStore;
    private final ExecutorService workers;

    public ScoreWatcher(EventStore eventStore, ExecutorService workers) {
        this.eventStore = eventStore;
        this.workers = workers;
    }

    /**
     * Starts following for {@code caller}, taken from the handler's context; only changes of tenants the caller may
     * see are sent.
     */
    void watch(WatchScoreChangesRequest request, Caller caller, StreamObserver<WatchScoreChangesResponse> response) {
        TrackingToken start;
        if (!request.getAfterPosition().isEmpty()) {
            start = FeedPositions.decode(request.getAfterPosition(), "after_position");
        } else {
            start = request.getFromBeginning() ? null : eventStore.createHeadToken();
        }
        var observer = (ServerCallStreamObserver<WatchScoreChangesResponse>) response;
        Object ready = new Object();
        observer.setOnReadyHandler(() -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        });
        try {
            workers.execute(() -> follow(start, request, caller, observer, ready));
        } catch (RejectedExecutionException e) {
            throw new UnavailableException("too many open watches; retry later", Duration.ofSeconds(5));
        }
    }

    /** Waits until the client can take more, so a slow watcher is not buffered in memory. */
    private static void awaitReady(ServerCallStreamObserver<?> observer, Object ready) throws InterruptedException {
        synchronized (ready) {
            while (!observer.isReady() && !observer.isCancelled()) {
                ready.wait(500);
            }
        }
    }

    private void follow(TrackingToken start, WatchScoreChangesRequest request, Caller caller,
                        ServerCallStreamObserver<WatchScoreChangesResponse> observer, Object ready) {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            while (!observer.isCancelled() && !Thread.currentThread().isInterrupted()) {
                if (!stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (!ScoreChangedEvent.class.equals(message.getPayloadType())) {
                    continue;
                }
                ScoreChangedEvent event = (ScoreChangedEvent) message.getPayload();
                if (caller.canSee(event.change().tenantId()) && matches(request, event)) {
                    awaitReady(observer, ready);
                    synchronized (observer) {
                        observer.onNext(WatchScoreChangesResponse.newBuilder()
                                .setChange(ProtoMapper.toProto(event))
                                .setPosition(FeedPositions.encode(message.trackingToken())).build());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(observer, Status.UNAVAILABLE.withDescription("score-service is shutting down"));
        } catch (RuntimeException e) {
            if (!observer.isCancelled()) {
                LOG.error("watch stream failed", e);
                closeQuietly(observer, Status.UNAVAILABLE.withDescription("watch interrupted; resume from the last position"));
            }
        }
    }

    private static boolean matches(WatchScoreChangesRequest request, ScoreChangedEvent event) {
        if (!request.getTenantId().isEmpty() && !request.getTenantId().equals(event.change().tenantId())) {
            return false;
        }
        return !request.getAlertsOnly() || !event.change().alertsRaised().isEmpty();
    }

    private static void closeQuietly(ServerCallStreamObserver<?> observer, Status status) {
        try {
            observer.onError(status.asRuntimeException());
        } catch (RuntimeException ignored) {
            // the call is already closed
        }
    }
}
