package dev.successscore.score.operations;

import dev.successscore.runtime.axon.CreationRaces;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Records operator actions in the {@link OperatorLog} before they start, with the service's clock, and reads them
 * back in the order they were recorded. A record is committed when a method returns, so an action that fails or
 * is cut off half-way still leaves it.
 */
public final class OperatorActions {

    private final CommandGateway commands;
    private final EventStore eventStore;
    private final Clock clock;

    public OperatorActions(CommandGateway commands, EventStore eventStore, Clock clock) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    /** Records that {@code requestedBy} asked to replay the feed of {@code upstream}. */
    public void recordFeedReplay(String upstream, String requestedBy) {
        send(new RecordFeedReplayCommand(upstream, requestedBy, clock.instant()));
    }

    /** Records that {@code requestedBy} asked to rebuild the read models. */
    public void recordReadModelsRebuild(String requestedBy) {
        send(new RecordReadModelsRebuildCommand(requestedBy, clock.instant()));
    }

    private void send(Object command) {
        // another replica may record the very first action at the same moment, creating the log
        CreationRaces.sendAndWait(commands, command);
    }

    /**
     * At most {@code size} recorded actions from the {@code first}-th (0 for the oldest), oldest first, and where
     * the next page starts, if there is one.
     */
    public Page page(long first, int size) {
        if (first < 0 || size < 1) {
            throw new IllegalArgumentException("first must not be negative and size must be positive");
        }
        List<OperatorActionEvent> actions = new ArrayList<>(size);
        DomainEventStream stream = eventStore.readEvents(OperatorLog.ID, first);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (actions.size() == size) {
                return new Page(actions, OptionalLong.of(message.getSequenceNumber()));
            }
            if (message.getPayload() instanceof OperatorActionEvent action) {
                actions.add(action);
            }
        }
        return new Page(actions, OptionalLong.empty());
    }

    /**
     * A page of recorded actions.
     *
     * @param next the index of the first action of the next page; empty on the last page
     */
    public record Page(List<OperatorActionEvent> actions, OptionalLong next) {

        public Page {
            actions = List.copyOf(actions);
        }
    }
}
