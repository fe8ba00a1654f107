package dev.successscore.usage.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.usage.api.RecordAdoptionCommand;
import dev.successscore.usage.measure.AdoptionOutcome;
import dev.successscore.usage.measure.EngagementReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's Product Adoption as usage-service has published it: the last recorded measurement and whether
 * engagement has dropped. It decides what is news: a measurement is recorded only when a signal's score, its
 * availability or the level changed (or the last one is older than the refresh interval), and an engagement change
 * only when the drop rule's verdict flips.
 *
 * <p>Its snapshots are its fields as JSON (hence {@link JsonAutoDetect}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class TenantAdoption {

    public static final String SOURCE_SERVICE = "usage-service";

    @AggregateIdentifier
    private String tenantId;
    private List<String> lastFingerprint = List.of();
    private Instant lastRecordedAt;
    private boolean engagementDropped;

    /** For Axon. */
    public TenantAdoption() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordAdoptionCommand command) {
        if (lastRecordedAt != null && !command.measuredAt().isAfter(lastRecordedAt)) {
            return; // an older or repeated measurement never replaces a newer one
        }
        AdoptionOutcome outcome = command.outcome();
        boolean changed = !outcome.fingerprint().equals(lastFingerprint);
        boolean refreshDue = lastRecordedAt != null
                && !command.measuredAt().isBefore(lastRecordedAt.plus(command.refreshAfter()));
        if (lastRecordedAt == null || changed || refreshDue) {
            apply(new MeasurementRecordedEvent(id("adoption", command), command.tenantId(),
                    SignalCategory.PRODUCT_ADOPTION, command.measuredAt(), outcome.signals(), outcome.level(),
                    SOURCE_SERVICE));
        }
        EngagementReading engagement = outcome.engagement();
        if (engagement.applicable() && engagement.dropped() != engagementDropped) {
            apply(new EngagementChangedEvent(id("engagement", command), command.tenantId(), engagement.dropped(),
                    command.measuredAt(), engagement.recentMean(), engagement.baselineMean(), SOURCE_SERVICE));
        }
    }

    @EventSourcingHandler
    void on(MeasurementRecordedEvent event) {
        tenantId = event.tenantId();
        lastFingerprint = new AdoptionOutcome(event.signals(), event.adoptionLevel(), 0, null).fingerprint();
        lastRecordedAt = event.measuredAt();
    }

    @EventSourcingHandler
    void on(EngagementChangedEvent event) {
        tenantId = event.tenantId();
        engagementDropped = event.dropped();
    }

    /** A deterministic id: the same tenant and instant always give the same id. */
    private static String id(String kind, RecordAdoptionCommand command) {
        String name = kind + "|" + command.tenantId() + "|" + command.measuredAt();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
