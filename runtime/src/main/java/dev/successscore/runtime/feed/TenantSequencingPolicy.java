package dev.successscore.runtime.feed;

import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

import javax.annotation.Nonnull;

/**
 * Sequences the published signal events by tenant: an event processor with several segments applies each
 * tenant's {@link MeasurementRecordedEvent}s and {@link EngagementChangedEvent}s in feed order, one at a time, and
 * different tenants in parallel. Any other event (including one whose payload type the consumer does not know) is
 * sequenced by its aggregate, as Axon does by default.
 *
 * <pre>{@code
 * configurer.eventProcessing().registerSequencingPolicy("usage-feed", c -> TenantSequencingPolicy.INSTANCE);
 * }</pre>
 */
public final class TenantSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    /** The policy; it has no state. */
    public static final TenantSequencingPolicy INSTANCE = new TenantSequencingPolicy();

    private TenantSequencingPolicy() {
    }

    @Override
    public Object getSequenceIdentifierFor(@Nonnull EventMessage<?> event) {
        Class<?> type = event.getPayloadType();
        if (type == MeasurementRecordedEvent.class) {
            return ((MeasurementRecordedEvent) event.getPayload()).tenantId();
        }
        if (type == EngagementChangedEvent.class) {
            return ((EngagementChangedEvent) event.getPayload()).tenantId();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
