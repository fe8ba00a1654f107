package dev.successscore.score.query;

import dev.successscore.score.api.ScoreChangedEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Reads recorded changes from the event store by tenant and position (position p is the tenant's
 * event at sequence number p - 1), through the event store's upcasters.
 */
public final class RecordedChanges {

    private final EventStore eventStore;

    public RecordedChanges(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Optional<ScoreChangedEvent> at(String tenantId, long position) {
        List<ScoreChangedEvent> found = positions(tenantId, List.of(position));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The changes at the given positions, in position order. */
    public List<ScoreChangedEvent> positions(String tenantId, Collection<Long> positions) {
        List<ScoreChangedEvent> result = new ArrayList<>();
        if (positions.isEmpty()) {
            return result;
        }
        TreeSet<Long> wanted = new TreeSet<>(positions);
        DomainEventStream stream = eventStore.readEvents(tenantId, wanted.first() - 1);
        while (stream.hasNext() && !wanted.isEmpty()) {
            DomainEventMessage<?> message = stream.next();
            long position = message.getSequenceNumber() + 1;
            if (wanted.remove(position) && message.getPayload() instanceof ScoreChangedEvent event) {
                result.add(event);
            }
        }
        return result;
    }
}
