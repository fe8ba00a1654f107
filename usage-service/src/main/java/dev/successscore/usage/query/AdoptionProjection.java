package dev.successscore.usage.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.usage.measure.AdoptionCalculator;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The recorded adoption measurements and engagement state as tables, written in the transaction that records
 * them (a subscribing processor), so a measurement query never lags its event.
 */
@ProcessingGroup(AdoptionProjection.GROUP)
public final class AdoptionProjection {

    public static final String GROUP = "adoption-projection";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AdoptionProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(MeasurementRecordedEvent event, @SequenceNumber long sequence) {
        int activeUsers = event.signals().stream()
                .filter(s -> AdoptionCalculator.LICENSE_ACTIVATION.equals(s.key()))
                .map(SignalValue::numerator).filter(java.util.Objects::nonNull)
                .map(BigDecimal::intValue).findFirst().orElse(0);
        jdbc.update("""
                INSERT INTO usage_measurement (tenant_id, sequence, measurement_id, measured_at, level, active_users,
                                               signals)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING""",
                event.tenantId(), sequence, event.measurementId(), Timestamp.from(event.measuredAt()),
                event.adoptionLevel().name(), activeUsers, write(event));
    }

    @EventHandler
    void on(EngagementChangedEvent event) {
        jdbc.update("UPDATE usage_tenant SET engagement_dropped = ? WHERE tenant_id = ?", event.dropped(),
                event.tenantId());
    }

    private String write(MeasurementRecordedEvent event) {
        try {
            return json.writeValueAsString(event.signals());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
