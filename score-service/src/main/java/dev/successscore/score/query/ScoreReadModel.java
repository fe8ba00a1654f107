package dev.successscore.score.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.score.api.Alert;
import dev.successscore.score.api.AlertKind;
import dev.successscore.score.api.Band;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.ScoreChangedEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Queries over the read models. */
public final class ScoreReadModel {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ScoreReadModel(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The tenant's latest change. */
    public Optional<ScoreChangedEvent> current(String tenantId) {
        return jdbc.query("""
                SELECT h.change_json FROM score_current s
                JOIN score_change h ON h.tenant_id = s.tenant_id AND h.position = s.position
                WHERE s.tenant_id = ?""", this::change, tenantId).stream().findFirst();
    }

    /** Latest changes ordered by tenant id, after a tenant id, optionally of one band. */
    public List<ScoreChangedEvent> list(Band band, String afterTenantId, int limit) {
        return jdbc.query("""
                SELECT h.change_json FROM score_current s
                JOIN score_change h ON h.tenant_id = s.tenant_id AND h.position = s.position
                WHERE (?::text IS NULL OR s.band = ?) AND s.tenant_id > ?
                ORDER BY s.tenant_id LIMIT ?""", this::change,
                band == null ? null : band.name(), band == null ? null : band.name(), afterTenantId, limit);
    }

    /** Changes in [from, to), after a position, oldest first. */
    public List<ScoreChangedEvent> history(String tenantId, Instant from, Instant to, long afterPosition, int limit) {
        return jdbc.query("""
                SELECT change_json FROM score_change
                WHERE tenant_id = ? AND change_time >= ? AND change_time < ? AND position > ?
                ORDER BY position LIMIT ?""", this::change,
                tenantId, Timestamp.from(from), Timestamp.from(to), afterPosition, limit);
    }

    /** The change in force at an instant: the last one recorded at or before it. */
    public Optional<ScoreChangedEvent> inForceAt(String tenantId, Instant instant) {
        return jdbc.query("""
                SELECT change_json FROM score_change WHERE tenant_id = ? AND change_time <= ?
                ORDER BY position DESC LIMIT 1""", this::change, tenantId, Timestamp.from(instant))
                .stream().findFirst();
    }

    public List<Alert> openAlerts(String tenantId) {
        return jdbc.query("""
                SELECT alert_id, kind, category, raise_time, raised_position, message FROM score_alert
                WHERE tenant_id = ? AND resolved_time IS NULL ORDER BY raised_position, alert_id""",
                (rs, i) -> new Alert(rs.getString(1), AlertKind.valueOf(rs.getString(2)),
                        rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getString(6),
                        rs.getString(3) == null ? null : Category.valueOf(rs.getString(3))), tenantId);
    }

    /** Tenants with an expiry due at or before an instant. */
    public List<String> tenantsWithExpiryDue(Instant asOf, int limit) {
        return jdbc.queryForList("""
                SELECT tenant_id FROM score_current WHERE next_expiry_time <= ?
                ORDER BY next_expiry_time LIMIT ?""", String.class, Timestamp.from(asOf), limit);
    }

    public long changeCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM score_change", Long.class);
        return count == null ? 0 : count;
    }

    private ScoreChangedEvent change(ResultSet rs, int row) throws SQLException {
        try {
            return json.readValue(rs.getString(1), ScoreChangedEvent.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable change in the read model", e);
        }
    }
}
