package dev.successscore.score.verify;

import dev.successscore.score.api.ScoreChangedEvent;
import java.util.function.Consumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Reads a tenant's recorded changes straight from the event store, from the first event and
 * never through a snapshot, so that what is verified is what was stored.
 */
public final class RecordedHistory {

    /** One stored event: its sequence number, and its change or the reason it cannot be read. */
    public record Entry(long sequenceNumber, ScoreChangedEvent event, String unreadable) {
    }

    private final EventStore eventStore;

    public RecordedHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public void forEach(String tenantId, Consumer<Entry> consumer) {
        DomainEventStream stream = eventStore.readEvents(tenantId, 0L);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            try {
                Object payload = message.getPayload();
                if (payload instanceof ScoreChangedEvent event) {
                    consumer.accept(new Entry(message.getSequenceNumber(), event, null));
                } else {
                    consumer.accept(new Entry(message.getSequenceNumber(), null,
                            "unexpected event type " + message.getPayloadType().getName()));
                }
            } catch (RuntimeException e) {
                consumer.accept(new Entry(message.getSequenceNumber(), null, e.getClass().getSimpleName() + ": "
                        + e.getMessage()));
            }
        }
    }
}
