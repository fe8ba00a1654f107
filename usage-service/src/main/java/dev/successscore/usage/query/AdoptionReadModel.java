package dev.successscore.usage.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.usage.measure.AdoptionOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the recorded adoption measurements and each tenant's measuring state. */
public final class AdoptionReadModel {

    private static final TypeReference<List<SignalValue>> SIGNALS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AdoptionReadModel(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * A tenant's measuring state.
     *
     * @param lastMeasuredAt when the tenant was last measured, {@code null} before the first time
     * @param current        what that measurement found (recorded as an event only if it was news)
     */
    public record TenantState(Instant lastMeasuredAt, boolean engagementDropped, Instant measureDueAt,
                              AdoptionOutcome current) {
    }

    public Optional<TenantState> state(String tenantId) {
        return jdbc.query("""
                SELECT last_measured_at, engagement_dropped, measure_due_at, last_outcome FROM usage_tenant
                WHERE tenant_id = ?""",
                (rs, n) -> new TenantState(instant(rs.getTimestamp(1)), rs.getBoolean(2), instant(rs.getTimestamp(3)),
                        outcome(rs.getString(4))),
                tenantId).stream().findFirst();
    }

    private AdoptionOutcome outcome(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, AdoptionOutcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest recorded measurement. */
    public Optional<RecordedMeasurement> latest(String tenantId) {
        return jdbc.query("SELECT * FROM usage_measurement WHERE tenant_id = ? ORDER BY sequence DESC LIMIT 1",
                this::measurement, tenantId).stream().findFirst();
    }

    /** Recorded measurements, newest first, before {@code beforeSequence}. */
    public List<RecordedMeasurement> history(String tenantId, long beforeSequence, int limit) {
        return jdbc.query("""
                SELECT * FROM usage_measurement WHERE tenant_id = ? AND sequence < ?
                ORDER BY sequence DESC LIMIT ?""", this::measurement, tenantId, beforeSequence, limit);
    }

    private RecordedMeasurement measurement(ResultSet rs, int row) throws SQLException {
        try {
            return new RecordedMeasurement(rs.getString("tenant_id"), rs.getLong("sequence"),
                    rs.getString("measurement_id"), rs.getTimestamp("measured_at").toInstant(),
                    SignalAdoptionLevel.valueOf(rs.getString("level")), rs.getInt("active_users"),
                    json.readValue(rs.getString("signals"), SIGNALS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
