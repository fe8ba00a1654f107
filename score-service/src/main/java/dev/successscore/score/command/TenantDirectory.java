package dev.successscore.score.command;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tenants that have a recorded score, read from the event store itself (not a read model),
 * so that policy roll-outs and verification reach every tenant that has committed a change.
 */
public final class TenantDirectory {

    private static final String AGGREGATE_TYPE = TenantScore.class.getSimpleName();

    private final JdbcTemplate jdbc;

    public TenantDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> tenantIds() {
        return jdbc.queryForList("""
                SELECT DISTINCT aggregateidentifier FROM domainevententry WHERE type = ?
                ORDER BY aggregateidentifier""", String.class, AGGREGATE_TYPE);
    }

    public boolean exists(String tenantId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM domainevententry WHERE aggregateidentifier = ? AND type = ?)""",
                Boolean.class, tenantId, AGGREGATE_TYPE));
    }
}
