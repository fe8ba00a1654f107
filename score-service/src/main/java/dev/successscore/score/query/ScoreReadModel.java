package dev.successscore.score.query;

import dev.successscore.score.api.Alert;
import dev.successscore.score.api.AlertKind;
import dev.successscore.score.api.Band;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.ScoreChangedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Queries over the read models. The read models index changes; the changes themselves are read
 * from the event store through {@link RecordedChanges}.
 */
public final class ScoreReadModel {

    private final JdbcTemplate jdbc;
    private final RecordedChanges changes;

    public ScoreReadModel(JdbcTemplate jdbc, RecordedChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /** The tenant's latest change. */
    public Optional<ScoreChangedEvent> current(String tenantId) {
        return jdbc.queryForList("SELECT position FROM score_current WHERE tenant_id = ?", Long.class, tenantId)
                .stream().findFirst().flatMap(position -> changes.at(tenantId, position));
    }

    /** Latest scores ordered by tenant id, after a tenant id, optionally of one band. */
    public List<CurrentScore> list(Band band, String afterTenantId, int limit) {
        return jdbc.query("""
                SELECT tenant_id, position, change_time, state, composite, computed_composite, band,
                       adoption_score, expertise_score, health_score, policy_version, hash
                FROM score_current
                WHERE (?::text IS NULL OR band = ?) AND tenant_id > ?
                ORDER BY tenant_id LIMIT ?""",
                (rs, i) -> new CurrentScore(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getString(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getInt(11),
                        rs.getString(12)),
                band == null ? null : band.name(), band == null ? null : band.name(), afterTenantId, limit);
    }

    /** Changes in [from, to), after a position, oldest first. */
    public List<ScoreChangedEvent> history(String tenantId, Instant from, Instant to, long afterPosition, int limit) {
        List<Long> positions = jdbc.queryForList("""
                SELECT position FROM score_change
                WHERE tenant_id = ? AND change_time >= ? AND change_time < ? AND position > ?
                ORDER BY position LIMIT ?""", Long.class,
                tenantId, Timestamp.from(from), Timestamp.from(to), afterPosition, limit);
        return changes.positions(tenantId, positions);
    }

    /** The change in force at an instant: the last one recorded at or before it. */
    public Optional<ScoreChangedEvent> inForceAt(String tenantId, Instant instant) {
        return jdbc.queryForList("""
                SELECT position FROM score_change WHERE tenant_id = ? AND change_time <= ?
                ORDER BY position DESC LIMIT 1""", Long.class, tenantId, Timestamp.from(instant))
                .stream().findFirst().flatMap(position -> changes.at(tenantId, position));
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
}
