package dev.successscore.score.query;

import dev.successscore.score.api.ScoreChangedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drops the read models and rebuilds them from the event store, in one transaction that holds
 * the read-model tables locked: live changes wait for the rebuild and then project on top of it,
 * and a failed rebuild leaves the previous rows in place.
 */
public final class ReadModelRebuilder {

    private static final int BATCH = 500;

    private final EventStorageEngine storage;
    private final ScoreProjection projection;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ReadModelRebuilder(EventStorageEngine storage, ScoreProjection projection, JdbcTemplate jdbc,
                              TransactionTemplate transactions) {
        this.storage = storage;
        this.projection = projection;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Rebuilds and answers how many changes were replayed. */
    public long rebuild() {
        Long replayed = transactions.execute(status -> {
            jdbc.execute("LOCK TABLE score_current, score_change, score_alert IN ACCESS EXCLUSIVE MODE");
            projection.reset();
            AtomicLong count = new AtomicLong();
            List<ScoreChangedEvent> batch = new ArrayList<>(BATCH);
            try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
                events.filter(e -> ScoreChangedEvent.class.equals(e.getPayloadType())).forEach(e -> {
                    batch.add((ScoreChangedEvent) e.getPayload());
                    if (batch.size() == BATCH) {
                        projection.project(batch);
                        count.addAndGet(batch.size());
                        batch.clear();
                    }
                });
            }
            projection.project(batch);
            return count.addAndGet(batch.size());
        });
        return replayed == null ? 0 : replayed;
    }
}
