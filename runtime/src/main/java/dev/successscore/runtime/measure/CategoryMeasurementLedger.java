package dev.successscore.runtime.measure;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
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
 * One tenant's measurements of one category as an owning service has published them (expertise-service,
 * health-service). It decides what is news: a {@link MeasurementRecordedEvent} only when a signal's score or its
 * availability changed, or when the last one is older than the refresh interval. An older measurement never
 * replaces a newer one. Its snapshots are its fields as JSON.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class CategoryMeasurementLedger {

    @AggregateIdentifier
    private String tenantId;
    private List<String> lastFingerprint = List.of();
    private Instant lastRecordedAt;

    /** For Axon. */
    public CategoryMeasurementLedger() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCategoryMeasurementCommand command) {
        if (lastRecordedAt != null && !command.measuredAt().isAfter(lastRecordedAt)) {
            return;
        }
        boolean changed = !SignalFingerprint.of(command.signals(), null).equals(lastFingerprint);
        boolean refreshDue = lastRecordedAt != null
                && !command.measuredAt().isBefore(lastRecordedAt.plus(command.refreshAfter()));
        if (lastRecordedAt == null || changed || refreshDue) {
            String name = command.category() + "|" + command.tenantId() + "|" + command.measuredAt();
            apply(new MeasurementRecordedEvent(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(),
                    command.tenantId(), command.category(), command.measuredAt(), command.signals(), null,
                    command.sourceService()));
        }
    }

    @EventSourcingHandler
    void on(MeasurementRecordedEvent event) {
        tenantId = event.tenantId();
        lastFingerprint = SignalFingerprint.of(event.signals(), null);
        lastRecordedAt = event.measuredAt();
    }
}
