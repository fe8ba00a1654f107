package dev.successscore.score.feed;

import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.RecordEngagementChangeCommand;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventHandler;

/**
 * Applies one upstream's published events to the tenants' scores. It runs in that upstream's
 * streaming processor: the commands it sends join the processor's unit of work, so the changes
 * they record and the processor's position commit in one transaction. A redelivered event
 * changes nothing (the aggregate applies a measurement once).
 */
public final class UpstreamFeedHandler {

    private final String upstream;
    private final Set<Category> owned;
    private final CommandGateway commands;
    private final ScoringPolicyPublished policyPublished;

    /**
     * @param upstream the upstream's name, e.g. {@code usage-service}
     * @param owned the categories the upstream may report
     */
    public UpstreamFeedHandler(String upstream, Set<Category> owned, CommandGateway commands,
                               ScoringPolicyPublished policyPublished) {
        this.upstream = upstream;
        this.owned = Set.copyOf(owned);
        this.commands = commands;
        this.policyPublished = policyPublished;
    }

    public String upstream() {
        return upstream;
    }

    @EventHandler
    public void on(MeasurementRecordedEvent event) {
        policyPublished.await();
        Measurement measurement = PublishedEvents.measurement(event);
        if (measurement.category() == null || !owned.contains(measurement.category())) {
            throw new UnexpectedFeedEventException(upstream, "measurement " + event.measurementId() + " of category "
                    + event.category() + ", which it does not own");
        }
        commands.sendAndWait(new ApplyMeasurementCommand(event.tenantId(), measurement));
    }

    @EventHandler
    public void on(EngagementChangedEvent event) {
        policyPublished.await();
        if (!owned.contains(Category.PRODUCT_ADOPTION)) {
            throw new UnexpectedFeedEventException(upstream, "an engagement change, which only usage-service reports");
        }
        commands.sendAndWait(new RecordEngagementChangeCommand(event.tenantId(), PublishedEvents.engagement(event)));
    }

    /** Anything else, including an event type score-service cannot read, stops the consumer. */
    @EventHandler
    public void on(Object other) {
        throw new UnexpectedFeedEventException(upstream, "an event of type " + other.getClass().getName());
    }
}
