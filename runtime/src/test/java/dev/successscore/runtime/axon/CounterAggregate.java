package dev.successscore.runtime.axon;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.function.Consumer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A test-only event-sourced aggregate, with a hook tests use to interfere with command handling. */
public class CounterAggregate {

    /** Runs inside every command handler, with the counter id, before the event is applied. */
    static volatile Consumer<String> duringCommand = id -> { };

    @AggregateIdentifier
    private String id;
    private long value;

    /** For Axon. */
    protected CounterAggregate() {
    }

    @CommandHandler
    public CounterAggregate(CreateCounter command) {
        duringCommand.accept(command.id());
        apply(new CounterCreated(command.id()));
    }

    @CommandHandler
    public long handle(IncrementCounter command) {
        duringCommand.accept(command.id());
        apply(new CounterIncremented(command.id(), value + 1));
        return value;
    }

    @EventSourcingHandler
    void on(CounterCreated event) {
        this.id = event.id();
    }

    @EventSourcingHandler
    void on(CounterIncremented event) {
        this.value = event.newValue();
    }

    public record CreateCounter(String id) {
    }

    public record IncrementCounter(@TargetAggregateIdentifier String id) {
    }

    public record CounterCreated(String id) {
    }

    public record CounterIncremented(String id, long newValue) {
    }
}
