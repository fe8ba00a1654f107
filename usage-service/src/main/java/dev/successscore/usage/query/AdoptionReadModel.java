package dev.successscore.usage.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalValue;
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

    /** A tenant's measuring state. */
    public record TenantState(Instant lastMeasuredAt, boolean engagementDropped, Instant measureDueAt) {
    }

    public Optional<TenantState> state(String tenantId) {
        return jdbc.query("""
                SELECT last_measured_at, engagement_dropped, measure_due_at FROM usage_tenant WHERE tenant_id = ?""",
                (rs, n) -> new TenantState(instant(rs.getTimestamp(1)), rs.getBoolean(2), instant(rs.getTimestamp(3))),
                tenantId).stream().findFirst();
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
