package dev.successscore.score.query;

import dev.successscore.score.api.Alert;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreChangedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Projects recorded changes into the read models. It runs in a subscribing processor, inside the
 * transaction that appends the aggregate's events (the JdbcTemplate joins it), so a change and
 * its rows commit together or not at all, and a caller reads its own write. Every write is
 * idempotent, so a replay over existing rows leaves the same rows.
 */
@ProcessingGroup(ScoreProjection.GROUP)
public final class ScoreProjection {

    public static final String GROUP = "score-read-models";

    private final JdbcTemplate jdbc;

    public ScoreProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT_CHANGE = """
            INSERT INTO score_change (tenant_id, position, change_time, cause_type, composite, band, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String UPSERT_CURRENT = """
            INSERT INTO score_current (tenant_id, position, change_time, state, composite, computed_composite, band,
                                       adoption_score, expertise_score, health_score, policy_version,
                                       next_expiry_time, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET
                position = EXCLUDED.position, change_time = EXCLUDED.change_time, state = EXCLUDED.state,
                composite = EXCLUDED.composite, computed_composite = EXCLUDED.computed_composite,
                band = EXCLUDED.band, adoption_score = EXCLUDED.adoption_score,
                expertise_score = EXCLUDED.expertise_score, health_score = EXCLUDED.health_score,
                policy_version = EXCLUDED.policy_version, next_expiry_time = EXCLUDED.next_expiry_time,
                hash = EXCLUDED.hash
            WHERE score_current.position < EXCLUDED.position""";
    private static final String INSERT_ALERT = """
            INSERT INTO score_alert (alert_id, tenant_id, kind, category, raise_time, raised_position, message)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String RESOLVE_ALERT =
            "UPDATE score_alert SET resolved_time = ?, resolved_position = ? WHERE alert_id = ?";

    @EventHandler
    public void on(ScoreChangedEvent event) {
        project(List.of(event));
    }

    /**
     * Projects changes in their order with batched statements: every change's row, each
     * tenant's latest change, the alerts raised, then the alerts resolved (a resolution always
     * follows its raising, so the order of the two batches keeps the outcome of one by one).
     */
    public void project(List<ScoreChangedEvent> events) {
        Map<String, ScoreChangedEvent> latest = new LinkedHashMap<>();
        List<Object[]> changes = new ArrayList<>();
        List<Object[]> raised = new ArrayList<>();
        List<Object[]> resolved = new ArrayList<>();
        for (ScoreChangedEvent event : events) {
            ScoreChange c = event.change();
            changes.add(new Object[] {c.tenantId(), c.position(), ts(c.changeTime()), c.cause().type().name(),
                    c.composite(), name(c.band()), event.hash()});
            latest.merge(c.tenantId(), event,
                    (a, b) -> b.change().position() > a.change().position() ? b : a);
            for (Alert a : c.alertsRaised()) {
                raised.add(new Object[] {a.alertId(), c.tenantId(), a.kind().name(), name(a.category()),
                        ts(a.raisedAt()), a.position(), a.message()});
            }
            for (String alertId : c.alertsResolved()) {
                resolved.add(new Object[] {ts(c.changeTime()), c.position(), alertId});
            }
        }
        List<Object[]> current = latest.values().stream().map(ScoreProjection::currentRow).toList();
        batch(INSERT_CHANGE, changes);
        batch(UPSERT_CURRENT, current);
        batch(INSERT_ALERT, raised);
        batch(RESOLVE_ALERT, resolved);
    }

    private void batch(String sql, List<Object[]> rows) {
        if (rows.size() == 1) {
            jdbc.update(sql, rows.get(0));
        } else if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    private static Object[] currentRow(ScoreChangedEvent event) {
        ScoreChange c = event.change();
        return new Object[] {c.tenantId(), c.position(), ts(c.changeTime()), c.state().name(), c.composite(),
                c.computedComposite(), name(c.band()), c.category(Category.PRODUCT_ADOPTION).score(),
                c.category(Category.CUSTOMER_EXPERTISE).score(), c.category(Category.TECHNICAL_HEALTH).score(),
                c.policyVersion(), ts(nextExpiry(c)), event.hash()};
    }

    @ResetHandler
    public void reset() {
        jdbc.execute("TRUNCATE score_current, score_change, score_alert");
    }

    /** The earliest instant at which a measurement or the override of this change expires. */
    static Instant nextExpiry(ScoreChange c) {
        Stream<Instant> measurements = c.categories().stream()
                .filter(cat -> cat.measurementId() != null && !cat.expired()).map(CategoryResult::expiresAt);
        Stream<Instant> override = c.override() == null ? Stream.empty() : Stream.of(c.override().expiresAt());
        return Stream.concat(measurements, override).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
