package dev.successscore.score.operations;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * The log of operator actions on score-service as a whole (feed replays, read-model rebuilds): one aggregate for
 * the service, whose event stream lists the actions in the order they were asked for. It keeps no state beyond its
 * identifier: recording an action never depends on the earlier ones. Actions are rare, so loading the stream to
 * append one is cheap.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class OperatorLog {

    /**
     * The identifier of the one log. Its '$' is outside the id alphabet of tenants, so no tenant's score can share
     * the log's stream in the event store.
     */
    public static final String ID = "$operator-actions";

    @AggregateIdentifier
    private String logId;

    protected OperatorLog() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordFeedReplayCommand command) {
        apply(new FeedReplayRequestedEvent(command.upstream(), command.requestedBy(), command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordReadModelsRebuildCommand command) {
        apply(new ReadModelsRebuildRequestedEvent(command.requestedBy(), command.requestedAt()));
    }

    @EventSourcingHandler
    void on(OperatorActionEvent event) {
        logId = ID;
    }

    static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
