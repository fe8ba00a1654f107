package dev.successscore.score.verify;

import dev.successscore.runtime.concurrent.DaemonThreads;
import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.scoring.HashChain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;

/**
 * Reads a tenant's recorded changes straight from the event store, from the first event and
 * never through a snapshot, so that what is verified is what was stored. Events are read in
 * chunks whose decoding (deserialising and hashing each change, independent of the others) runs
 * in parallel; entries are handed on in order.
 */
public final class RecordedHistory {

    private static final int CHUNK = 256;
    private static final int AHEAD = 8;
    private static final ExecutorService READER = Executors.newCachedThreadPool(DaemonThreads.named("history-reader"));

    /**
     * One stored event: its sequence number, and its change with the hash computed over it, or
     * the reason it cannot be read.
     */
    public record Entry(long sequenceNumber, ScoreChangedEvent event, String computedHash, String unreadable) {
    }

    private final EventStore eventStore;
    private final Serializer serializer;

    /**
     * @param serializer the event store's serializer: a stored change is hashed from the bytes it
     *                   was stored as, when they are canonical JSON, instead of being encoded again
     */
    public RecordedHistory(EventStore eventStore, Serializer serializer) {
        this.eventStore = eventStore;
        this.serializer = serializer;
    }

    /**
     * Hands each entry to the consumer, in order. A reader thread fetches chunks from the store
     * and decodes each in parallel, up to a few chunks ahead of the consumer.
     */
    public void forEach(String tenantId, Consumer<Entry> consumer) {
        BlockingQueue<CompletableFuture<List<Entry>>> ahead = new ArrayBlockingQueue<>(AHEAD);
        AtomicBoolean stopped = new AtomicBoolean();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> read(tenantId, ahead, stopped), READER);
        boolean finished = false;
        try {
            while (true) {
                List<Entry> chunk = ahead.take().join();
                if (chunk.isEmpty()) {
                    break;
                }
                chunk.forEach(consumer);
            }
            reader.join();
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the history of " + tenantId, e);
        } finally {
            if (!finished) {
                // the consumer gave up: make room until the reader notices and stops
                stopped.set(true);
                ahead.clear();
            }
        }
    }

    private void read(String tenantId, BlockingQueue<CompletableFuture<List<Entry>>> ahead, AtomicBoolean stopped) {
        try {
            DomainEventStream stream = eventStore.readEvents(tenantId, 0L);
            List<DomainEventMessage<?>> chunk = new ArrayList<>(CHUNK);
            while (stream.hasNext() && !stopped.get()) {
                chunk.add(stream.next());
                if (chunk.size() == CHUNK) {
                    List<DomainEventMessage<?>> toDecode = chunk;
                    hand(ahead, CompletableFuture.supplyAsync(() -> decode(toDecode)), stopped);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            List<DomainEventMessage<?>> last = chunk;
            if (!last.isEmpty()) {
                hand(ahead, CompletableFuture.supplyAsync(() -> decode(last)), stopped);
            }
            hand(ahead, CompletableFuture.completedFuture(List.of()), stopped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ahead.clear();
            ahead.offer(CompletableFuture.failedFuture(e));
        }
    }

    /** Hands a chunk to the consumer, waiting while it is busy, until it takes it or gives up. */
    private static void hand(BlockingQueue<CompletableFuture<List<Entry>>> ahead,
                             CompletableFuture<List<Entry>> chunk, AtomicBoolean stopped) throws InterruptedException {
        while (!stopped.get() && !ahead.offer(chunk, 1, TimeUnit.SECONDS)) {
            // the consumer is still working through earlier chunks
        }
    }

    private List<Entry> decode(List<DomainEventMessage<?>> chunk) {
        return chunk.parallelStream().map(this::decode).toList();
    }

    private Entry decode(DomainEventMessage<?> message) {
        try {
            Object payload = message.getPayload();
            if (payload instanceof ScoreChangedEvent event) {
                byte[] stored = message.serializePayload(serializer, byte[].class).getData();
                String hash = HashChain.hashOfStoredEvent(stored).orElseGet(() -> HashChain.hash(event.change()));
                return new Entry(message.getSequenceNumber(), event, hash, null);
            }
            return new Entry(message.getSequenceNumber(), null, null,
                    "unexpected event type " + message.getPayloadType().getName());
        } catch (RuntimeException e) {
            return new Entry(message.getSequenceNumber(), null, null, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
