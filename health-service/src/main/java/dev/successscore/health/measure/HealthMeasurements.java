package dev.successscore.health.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.health.api.Severity;
import dev.successscore.health.api.Subcategory;
import dev.successscore.runtime.measure.DueMeasurements;
import dev.successscore.runtime.metrics.MeasurementMetrics;
import dev.successscore.runtime.measure.RecordCategoryMeasurementCommand;
import dev.successscore.runtime.measure.TenantMeasurer;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalValue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures the tenants that are due (see {@link DueMeasurements}): after every report, when monitoring data or a
 * resolved alert ages out of the 30-day window (the next due time), and after each UTC midnight. The signals are
 * recorded through the tenant's {@code CategoryMeasurementLedger} (an event only when they changed) and kept as the
 * tenant's current Technical Health.
 */
public final class HealthMeasurements implements TenantMeasurer {

    public static final String TENANT_TABLE = "health_tenant";
    public static final String SOURCE_SERVICE = "health-service";

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Duration refreshAfter;
    private final DueMeasurements due;

    public HealthMeasurements(JdbcTemplate jdbc, CommandGateway commands, TransactionManager transactions, Clock clock,
                              Duration refreshAfter, ExecutorService workers, int workerCount, ObjectMapper mapper,
                              MeasurementMetrics metrics) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.refreshAfter = refreshAfter;
        this.due = new DueMeasurements(TENANT_TABLE, jdbc, transactions, clock, workers, workerCount, this, mapper,
                metrics);
    }

    /** The tenant's signals at {@code at}, without recording them. */
    public List<SignalValue> evaluate(String tenantId, Instant at) {
        Map<Subcategory, HealthCalculator.SubcategoryFacts> facts = new EnumMap<>(Subcategory.class);
        Map<Subcategory, Map<Severity, Integer>> open = new EnumMap<>(Subcategory.class);
        jdbc.query("""
                SELECT subcategory, severity, count(*) FROM health_alert
                WHERE tenant_id = ? AND opened_at <= ? AND (resolved_at IS NULL OR resolved_at > ?)
                GROUP BY subcategory, severity""", rs -> {
            open.computeIfAbsent(Subcategory.valueOf(rs.getString(1)), s -> new EnumMap<>(Severity.class))
                    .put(Severity.valueOf(rs.getString(2)), rs.getInt(3));
        }, tenantId, Timestamp.from(at), Timestamp.from(at.minus(HealthCalculator.WINDOW)));
        jdbc.query("SELECT subcategory, last_data_at FROM health_subcategory WHERE tenant_id = ?", rs -> {
            Subcategory subcategory = Subcategory.valueOf(rs.getString(1));
            Timestamp last = rs.getTimestamp(2);
            facts.put(subcategory, new HealthCalculator.SubcategoryFacts(true, last == null ? null : last.toInstant(),
                    open.getOrDefault(subcategory, Map.of())));
        }, tenantId);
        return HealthCalculator.calculate(at, facts);
    }

    @Override
    public Measured measure(String tenantId, Instant at) {
        List<SignalValue> signals = evaluate(tenantId, at);
        commands.sendAndWait(new RecordCategoryMeasurementCommand(tenantId, SignalCategory.TECHNICAL_HEALTH, at,
                signals, refreshAfter, SOURCE_SERVICE));
        return new Measured(new CurrentHealth(at, signals), nextChange(tenantId, at));
    }

    /** The next instant monitoring data or a resolved alert leaves the window, if any. */
    private Instant nextChange(String tenantId, Instant at) {
        Timestamp windowStart = Timestamp.from(at.minus(HealthCalculator.WINDOW));
        Timestamp next = jdbc.queryForObject("""
                SELECT least(
                    (SELECT min(last_data_at) FROM health_subcategory WHERE tenant_id = ? AND last_data_at > ?),
                    (SELECT min(resolved_at) FROM health_alert WHERE tenant_id = ? AND resolved_at > ?))""",
                Timestamp.class, tenantId, windowStart, tenantId, windowStart);
        Instant leaving = next == null ? null : next.toInstant().plus(HealthCalculator.WINDOW).plusMillis(1);
        // an alert dated a little ahead of the clock counts once it has opened
        Timestamp opening = jdbc.queryForObject("SELECT min(opened_at) FROM health_alert WHERE tenant_id = ? "
                + "AND opened_at > ?", Timestamp.class, tenantId, Timestamp.from(at));
        if (opening == null) {
            return leaving;
        }
        return leaving == null || opening.toInstant().isBefore(leaving) ? opening.toInstant() : leaving;
    }

    /** The tenant's current Technical Health as kept between measurements. */
    public record CurrentHealth(Instant measuredAt, List<SignalValue> signals) {
    }

    /** @see DueMeasurements#measureDue(int) */
    public int measureDue(int limit) {
        return due.measureDue(limit);
    }

    /** @see DueMeasurements#measureEach(List) */
    public int measureEach(List<String> tenantIds) {
        return due.measureEach(tenantIds);
    }

}
