package dev.successscore.health.ingest;

import dev.successscore.health.api.AlertKind;
import dev.successscore.health.api.AlertRecord;
import dev.successscore.health.api.RejectedRecord;
import dev.successscore.health.api.ReportResult;
import dev.successscore.health.api.Severity;
import dev.successscore.health.api.Subcategory;
import dev.successscore.health.measure.HealthMeasurements;
import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.grpc.NotFoundException;
import dev.successscore.runtime.db.KeyedBatch;
import dev.successscore.runtime.measure.DueMeasurements;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's monitoring in PostgreSQL: enrolments, alerts and anomalies (idempotent by alert id), heartbeats.
 * Every write that can change the measurement records when the subcategory last sent data and marks the tenant for
 * re-measurement, in its own transaction.
 */
public final class Monitoring {

    public static final String TENANT = "tenant";
    public static final String ALERT = "alert";
    private static final String MARK_CHANGED = DueMeasurements.markChangedSql(HealthMeasurements.TENANT_TABLE);

    /** One statement per batch: the alerts not reported before, inserted; the ids inserted, returned. */
    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[])
                    WITH ORDINALITY AS t(alert_id, kind, subcategory, severity, opened_micros, resolved_micros, n)
            )
            INSERT INTO health_alert (tenant_id, alert_id, kind, subcategory, severity, opened_at, resolved_at)
            SELECT ?, alert_id, kind, subcategory, severity,
                   timestamptz 'epoch' + opened_micros * interval '1 microsecond',
                   timestamptz 'epoch' + resolved_micros * interval '1 microsecond'
            FROM input ORDER BY alert_id, n
            ON CONFLICT DO NOTHING
            RETURNING alert_id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration measureDelay;
    private final Retry retry = Retry.of("health-report", RetryConfig.custom()
            .maxAttempts(4).waitDuration(Duration.ofMillis(20))
            .retryExceptions(TransientDataAccessException.class).build());

    public Monitoring(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration measureDelay) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.measureDelay = measureDelay;
    }

    /** Enrols subcategories (creating the tenant); returns every subcategory enrolled now. */
    public Set<Subcategory> enroll(String tenantId, Set<Subcategory> subcategories) {
        return transactions.execute(tx -> {
            Instant now = clock.instant();
            jdbc.update("""
                    INSERT INTO health_tenant (tenant_id, created_at, measure_due_at, change_pending)
                    VALUES (?, ?, ?, true) ON CONFLICT (tenant_id) DO NOTHING""",
                    tenantId, Timestamp.from(now), Timestamp.from(now.plus(measureDelay)));
            int added = 0;
            for (Subcategory subcategory : subcategories) {
                added += jdbc.update("""
                        INSERT INTO health_subcategory (tenant_id, subcategory, enrolled_at) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""", tenantId, subcategory.name(), Timestamp.from(now));
            }
            if (added > 0) {
                markChanged(tenantId, now);
            }
            return enrolled(tenantId);
        });
    }

    /** The enrolled subcategories; FAILED_PRECONDITION for a tenant without monitoring. */
    public Set<Subcategory> requireEnrolled(String tenantId) {
        Set<Subcategory> enrolled = enrolled(tenantId);
        if (enrolled.isEmpty()) {
            throw notEnrolled(tenantId);
        }
        return enrolled;
    }

    /** FAILED_PRECONDITION: the tenant has no monitoring enrolled (or is unknown). */
    public static FailedPreconditionException notEnrolled(String tenantId) {
        return new FailedPreconditionException("MONITORING_NOT_ENROLLED", "tenant/" + tenantId,
                "Tenant '" + tenantId + "' has no monitoring enrolled: enrol it first");
    }

    private Set<Subcategory> enrolled(String tenantId) {
        Set<Subcategory> enrolled = EnumSet.noneOf(Subcategory.class);
        jdbc.queryForList("SELECT subcategory FROM health_subcategory WHERE tenant_id = ?", String.class, tenantId)
                .forEach(s -> enrolled.add(Subcategory.valueOf(s)));
        return enrolled;
    }

    /** A validated alert and its position in the request. */
    public record IndexedAlert(int index, AlertRecord alert) {
    }

    /**
     * Stores a batch of validated alerts of one tenant: new ones inserted, known ones resolved when the report adds
     * a resolution, identical ones counted as duplicates, conflicting ones (another subcategory, severity or
     * opening for the same id) rejected.
     *
     * @param rejected the records already rejected by validation; the result adds the conflicts
     */
    public ReportResult report(String tenantId, List<IndexedAlert> alerts, List<RejectedRecord> rejected) {
        Set<Subcategory> enrolled = requireEnrolled(tenantId);
        List<RejectedRecord> allRejected = new ArrayList<>(rejected);
        List<IndexedAlert> valid = new ArrayList<>();
        for (IndexedAlert indexed : alerts) {
            if (!enrolled.contains(indexed.alert().subcategory())) {
                allRejected.add(new RejectedRecord(indexed.index(), indexed.alert().alertId(),
                        "alerts[" + indexed.index() + "].subcategory",
                        indexed.alert().subcategory() + " monitoring is not enrolled for this tenant"));
            } else {
                valid.add(indexed);
            }
        }
        if (valid.isEmpty()) {
            allRejected.sort(Comparator.comparingInt(RejectedRecord::index));
            return new ReportResult(0, 0, allRejected);
        }
        valid.sort(Comparator.comparing((IndexedAlert a) -> a.alert().alertId()).thenComparingInt(IndexedAlert::index));
        ReportResult result = retry.executeSupplier(() -> transactions.execute(tx -> store(tenantId, valid)));
        allRejected.addAll(result.rejected());
        allRejected.sort(Comparator.comparingInt(RejectedRecord::index));
        return new ReportResult(result.accepted(), result.duplicates(), allRejected);
    }

    private ReportResult store(String tenantId, List<IndexedAlert> valid) {
        Set<String> inserted = KeyedBatch.insertNew(jdbc, INSERT, columns(valid), tenantId);
        Map<String, AlertRecord> existing = new HashMap<>(KeyedBatch.stored(jdbc,
                "SELECT * FROM health_alert WHERE tenant_id = ? AND alert_id = ANY (?) FOR UPDATE", tenantId,
                valid.stream().map(a -> a.alert().alertId()).filter(id -> !inserted.contains(id)).distinct().toList(),
                ALERT_ROW, AlertRecord::alertId));
        int accepted = 0;
        int duplicates = 0;
        List<RejectedRecord> conflicts = new ArrayList<>();
        Map<Subcategory, Instant> lastData = new EnumMap<>(Subcategory.class);
        Set<String> counted = new HashSet<>();
        Map<String, AlertRecord> firstInBatch = new HashMap<>();
        valid.forEach(a -> firstInBatch.putIfAbsent(a.alert().alertId(), a.alert()));
        Instant now = clock.instant();
        for (IndexedAlert indexed : valid) {
            AlertRecord alert = indexed.alert();
            if (inserted.contains(alert.alertId()) && counted.add(alert.alertId())) {
                accepted++;
                noteData(lastData, alert, now);
                continue;
            }
            AlertRecord stored = existing.getOrDefault(alert.alertId(), firstInBatch.get(alert.alertId()));
            String difference = stored.firstDifference(alert);
            if (difference != null) {
                conflicts.add(new RejectedRecord(indexed.index(), alert.alertId(),
                        "alerts[" + indexed.index() + "]." + difference,
                        "alert '" + alert.alertId() + "' was reported before with another " + difference));
            } else if (stored.resolvedAt() == null && alert.resolvedAt() != null) {
                jdbc.update("UPDATE health_alert SET resolved_at = ? WHERE tenant_id = ? AND alert_id = ?",
                        Timestamp.from(alert.resolvedAt()), tenantId, alert.alertId());
                existing.put(alert.alertId(), alert);
                accepted++;
                noteData(lastData, alert, now);
            } else if (alert.resolvedAt() != null && !alert.resolvedAt().equals(stored.resolvedAt())) {
                conflicts.add(new RejectedRecord(indexed.index(), alert.alertId(),
                        "alerts[" + indexed.index() + "].resolved_at",
                        "alert '" + alert.alertId() + "' was resolved at " + stored.resolvedAt()));
            } else {
                accepted++;
                duplicates++;
                if (alert.resolvedAt() == null) {
                    noteData(lastData, alert, now); // an alert still open, reported again: monitoring is alive
                }
            }
        }
        if (!lastData.isEmpty()) {
            lastData.forEach((subcategory, at) -> noteLastData(tenantId, subcategory, at));
            markChanged(tenantId, now);
        }
        return new ReportResult(accepted, duplicates, conflicts);
    }

    /**
     * Notes when the subcategory's monitoring sent data: a resolution at its time; an open alert when it was
     * received (an old alert reported today, still open, is today's news about the tenant).
     */
    private static void noteData(Map<Subcategory, Instant> lastData, AlertRecord alert, Instant now) {
        Instant at = alert.resolvedAt() != null ? alert.resolvedAt() : now;
        lastData.merge(alert.subcategory(), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    private static List<KeyedBatch.Column> columns(List<IndexedAlert> valid) {
        List<AlertRecord> alerts = valid.stream().map(IndexedAlert::alert).toList();
        return List.of(
                new KeyedBatch.Column("text", alerts.stream().map(AlertRecord::alertId).toArray()),
                new KeyedBatch.Column("text", alerts.stream().map(a -> a.kind().name()).toArray()),
                new KeyedBatch.Column("text", alerts.stream().map(a -> a.subcategory().name()).toArray()),
                new KeyedBatch.Column("text", alerts.stream().map(a -> a.severity().name()).toArray()),
                new KeyedBatch.Column("bigint", alerts.stream().map(a -> KeyedBatch.micros(a.openedAt())).toArray()),
                new KeyedBatch.Column("bigint", alerts.stream().map(a -> KeyedBatch.micros(a.resolvedAt())).toArray()));
    }

    /** Resolves an open alert; resolving it again at the same instant changes nothing. */
    public AlertRecord resolve(String tenantId, String alertId, Instant resolvedAt) {
        return transactions.execute(tx -> {
            AlertRecord alert = alert(tenantId, alertId, true)
                    .orElseThrow(() -> new NotFoundException(ALERT, tenantId + "/" + alertId));
            if (resolvedAt.isBefore(alert.openedAt())) {
                throw InvalidArgumentException.field("resolved_at", "is before the alert opened (" + alert.openedAt() + ")");
            }
            if (alert.resolvedAt() != null) {
                if (alert.resolvedAt().equals(resolvedAt)) {
                    return alert;
                }
                throw new FailedPreconditionException("ALERT_ALREADY_RESOLVED", "alert/" + alertId,
                        "Alert '" + alertId + "' was resolved at " + alert.resolvedAt());
            }
            jdbc.update("UPDATE health_alert SET resolved_at = ? WHERE tenant_id = ? AND alert_id = ?",
                    Timestamp.from(resolvedAt), tenantId, alertId);
            noteLastData(tenantId, alert.subcategory(), resolvedAt);
            markChanged(tenantId, clock.instant());
            return alert(tenantId, alertId, false).orElseThrow();
        });
    }

    /** Records that monitoring of the subcategories sent data at {@code observedAt}. */
    public void heartbeat(String tenantId, Set<Subcategory> subcategories, Instant observedAt) {
        transactions.executeWithoutResult(tx -> {
            Set<Subcategory> enrolled = requireEnrolled(tenantId);
            for (Subcategory subcategory : subcategories) {
                if (!enrolled.contains(subcategory)) {
                    throw InvalidArgumentException.field("subcategories",
                            subcategory + " monitoring is not enrolled for this tenant");
                }
            }
            for (Subcategory subcategory : subcategories) {
                noteLastData(tenantId, subcategory, observedAt);
            }
            markChanged(tenantId, clock.instant());
        });
    }

    /** Open alerts oldest first, after ({@code afterOpenedAt}, {@code afterId}). */
    public List<AlertRecord> openAlerts(String tenantId, Instant afterOpenedAt, String afterId, int limit) {
        return jdbc.query("""
                SELECT * FROM health_alert WHERE tenant_id = ? AND resolved_at IS NULL AND (opened_at, alert_id) > (?, ?)
                ORDER BY opened_at, alert_id LIMIT ?""", ALERT_ROW, tenantId, Timestamp.from(afterOpenedAt), afterId,
                limit);
    }

    /** NOT_FOUND for a tenant without monitoring. */
    public void requireTenant(String tenantId) {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM health_tenant WHERE tenant_id = ?)",
                Boolean.class, tenantId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFoundException(TENANT, tenantId);
        }
    }

    private Optional<AlertRecord> alert(String tenantId, String alertId, boolean lock) {
        return jdbc.query("SELECT * FROM health_alert WHERE tenant_id = ? AND alert_id = ?" + (lock ? " FOR UPDATE" : ""),
                ALERT_ROW, tenantId, alertId).stream().findFirst();
    }

    private void noteLastData(String tenantId, Subcategory subcategory, Instant at) {
        jdbc.update("""
                UPDATE health_subcategory SET last_data_at = greatest(coalesce(last_data_at, ?), ?)
                WHERE tenant_id = ? AND subcategory = ?""",
                Timestamp.from(at), Timestamp.from(at), tenantId, subcategory.name());
    }

    private void markChanged(String tenantId, Instant now) {
        jdbc.update(MARK_CHANGED, Timestamp.from(now.plus(measureDelay)), tenantId);
    }

    private static final RowMapper<AlertRecord> ALERT_ROW = (rs, n) -> new AlertRecord(rs.getString("alert_id"),
            AlertKind.valueOf(rs.getString("kind")), Subcategory.valueOf(rs.getString("subcategory")),
            Severity.valueOf(rs.getString("severity")), rs.getTimestamp("opened_at").toInstant(),
            rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant());
}
