package dev.successscore.score.verify;

import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.scoring.HashChain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Reads a tenant's recorded changes straight from the event store, from the first event and
 * never through a snapshot, so that what is verified is what was stored. Events are read in
 * chunks whose decoding (deserialising and hashing each change, independent of the others) runs
 * in parallel; entries are handed on in order.
 */
public final class RecordedHistory {

    private static final int CHUNK = 512;

    /**
     * One stored event: its sequence number, and its change with the hash computed over it, or
     * the reason it cannot be read.
     */
    public record Entry(long sequenceNumber, ScoreChangedEvent event, String computedHash, String unreadable) {
    }

    private final EventStore eventStore;

    public RecordedHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * Hands each entry to the consumer, in order. While the consumer works through one chunk,
     * the next chunk is read and decoded in the background.
     */
    public void forEach(String tenantId, Consumer<Entry> consumer) {
        DomainEventStream stream = eventStore.readEvents(tenantId, 0L);
        CompletableFuture<List<Entry>> next = CompletableFuture.completedFuture(List.of());
        List<DomainEventMessage<?>> chunk = new ArrayList<>(CHUNK);
        while (stream.hasNext()) {
            chunk.add(stream.next());
            if (chunk.size() == CHUNK) {
                List<DomainEventMessage<?>> toDecode = chunk;
                chunk = new ArrayList<>(CHUNK);
                List<Entry> ready = next.join();
                next = CompletableFuture.supplyAsync(() -> decode(toDecode));
                ready.forEach(consumer);
            }
        }
        next.join().forEach(consumer);
        decode(chunk).forEach(consumer);
    }

    private static List<Entry> decode(List<DomainEventMessage<?>> chunk) {
        return chunk.parallelStream().map(RecordedHistory::decode).toList();
    }

    private static Entry decode(DomainEventMessage<?> message) {
        try {
            Object payload = message.getPayload();
            if (payload instanceof ScoreChangedEvent event) {
                return new Entry(message.getSequenceNumber(), event, HashChain.hash(event.change()), null);
            }
            return new Entry(message.getSequenceNumber(), null, null,
                    "unexpected event type " + message.getPayloadType().getName());
        } catch (RuntimeException e) {
            return new Entry(message.getSequenceNumber(), null, null, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
