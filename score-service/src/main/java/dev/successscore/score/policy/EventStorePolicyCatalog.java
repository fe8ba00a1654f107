package dev.successscore.score.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * The published policies, read from the policy ledger's own events in the event store, so the
 * versions an auditor checks against are the recorded ones. Versions are cached (they never
 * change); the current version is re-read at most once per refresh interval, or at once after a
 * local publication.
 */
public final class EventStorePolicyCatalog implements PolicyCatalog {

    private final EventStore eventStore;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Map<Integer, ScoringPolicy> versions = new ConcurrentSkipListMap<>();
    private volatile Instant refreshedAt = Instant.MIN;

    public EventStorePolicyCatalog(EventStore eventStore, Clock clock, Duration refreshInterval) {
        this.eventStore = eventStore;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    @Override
    public ScoringPolicy current() {
        if (refreshedAt.plus(refreshInterval).isBefore(clock.instant()) || versions.isEmpty()) {
            refresh();
        }
        return latest().orElseThrow(() -> new IllegalStateException("no scoring policy is published"));
    }

    @Override
    public Optional<ScoringPolicy> find(int version) {
        ScoringPolicy policy = versions.get(version);
        if (policy == null) {
            refresh();
            policy = versions.get(version);
        }
        return Optional.ofNullable(policy);
    }

    /** Reads the versions published since the last read. */
    public synchronized void refresh() {
        DomainEventStream stream = eventStore.readEvents(PolicyLedger.ID, versions.size());
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof PolicyPublishedEvent published) {
                versions.put(published.policy().version(), published.policy());
            }
        }
        refreshedAt = clock.instant();
    }

    private Optional<ScoringPolicy> latest() {
        return versions.isEmpty() ? Optional.empty()
                : Optional.of(((ConcurrentSkipListMap<Integer, ScoringPolicy>) versions).lastEntry().getValue());
    }
}
