package dev.successscore.runtime.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.metrics.MeasurementMetrics;
import dev.successscore.runtime.metrics.MeasurementMetrics.Outcome;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which tenants an owning service must measure, and measuring them once each, on a tenant table with the columns
 * {@code tenant_id}, {@code measure_due_at}, {@code change_pending}, {@code last_measured_at} and
 * {@code last_outcome} (jsonb).
 *
 * <ul>
 *   <li>Writers {@linkplain #markChangedSql(String) mark} a tenant in their own transaction when something arrives
 *       that changes its measurement: due after a short delay, so a burst is measured once.</li>
 *   <li>Every tenant not measured yet in the current UTC day is marked due, so windows roll forward with the
 *       day; tenants with something new are measured first.</li>
 *   <li>A tenant is measured in one transaction that claims its row ({@code FOR UPDATE SKIP LOCKED}), runs the
 *       {@link TenantMeasurer} (which records events through an aggregate), keeps the result as the tenant's
 *       current measurement and sets the next due time. Another replica skips a claimed tenant, so a tenant is
 *       never measured twice at once. A writer that marks the tenant meanwhile waits for the claim and marks it
 *       again, so nothing new goes unmeasured. A failure rolls back and leaves the tenant due a minute later,
 *       behind the others.</li>
 * </ul>
 */
public final class DueMeasurements {

    private static final Logger LOG = LoggerFactory.getLogger(DueMeasurements.class);
    private static final Pattern TABLE = Pattern.compile("[a-z_]{1,63}");
    /** A tenant whose measurement failed is tried again after this. */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final String table;
    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;
    private final Clock clock;
    private final ExecutorService workers;
    private final int workerCount;
    private final TenantMeasurer measurer;
    private final ObjectMapper json;
    private final MeasurementMetrics metrics;

    /**
     * @param table        the tenant table
     * @param transactions the transaction manager of the measurer's aggregate, joined by the claim
     * @param workers      measures tenants in parallel, {@code workerCount} at a time
     * @param json         writes the current measurement into {@code last_outcome}
     * @param metrics      counts and times each attempt
     */
    public DueMeasurements(String table, JdbcTemplate jdbc, TransactionManager transactions, Clock clock,
                           ExecutorService workers, int workerCount, TenantMeasurer measurer, ObjectMapper json,
                           MeasurementMetrics metrics) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.table = table;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.workers = workers;
        this.workerCount = workerCount;
        this.measurer = measurer;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * The statement that marks a tenant changed, for writers to run in their transaction with the parameters
     * (due instant, tenant id). It always takes the tenant's row lock: a measurement holding the claim is waited
     * for, and the tenant is due again after it.
     */
    public static String markChangedSql(String table) {
        // least() ignores NULL: an unmarked tenant gets the new time, a tenant due later (a known future change)
        // is brought forward, a tenant due sooner stays as it is
        return "UPDATE " + table + " SET measure_due_at = least(measure_due_at, ?), change_pending = true"
                + " WHERE tenant_id = ?";
    }

    /**
     * Marks every tenant not measured yet in the current UTC day due now, including those due later (a known
     * future change), so every window rolls forward daily. A tenant with a change pending keeps its due time: it
     * is measured after its re-measure delay anyway, on the writes of the whole burst (a new tenant's directory is
     * not measured half written). Idempotent across replicas.
     */
    public int markDailyDue(Instant now) {
        return jdbc.update("UPDATE " + table + " SET measure_due_at = ?"
                        + " WHERE (measure_due_at IS NULL OR (measure_due_at > ? AND NOT change_pending))"
                        + " AND (last_measured_at IS NULL OR last_measured_at < ?)",
                Timestamp.from(now), Timestamp.from(now), Timestamp.from(startOfDay(now)));
    }

    /** Marks every tenant due now. */
    public int markAllDue(Instant now) {
        return jdbc.update("UPDATE " + table + " SET measure_due_at = ?", Timestamp.from(now));
    }

    /**
     * Marks the tenants the day has come for, then measures every due tenant, up to {@code limit}, changed ones
     * first.
     *
     * @return how many tenants were measured
     */
    public int measureDue(int limit) {
        Instant now = clock.instant();
        markDailyDue(now);
        List<String> due = jdbc.queryForList("SELECT tenant_id FROM " + table + " WHERE measure_due_at <= ?"
                        + " ORDER BY change_pending DESC, measure_due_at LIMIT ?",
                String.class, Timestamp.from(now), limit);
        return measureEach(due);
    }

    /** Measures those of the given tenants that are due, spread over the workers; waits for all of them. */
    public int measureEach(List<String> tenantIds) {
        if (tenantIds.isEmpty()) {
            return 0;
        }
        List<List<String>> shares = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < tenantIds.size(); i++) {
            shares.get(i % workerCount).add(tenantIds.get(i));
        }
        List<Future<Integer>> results = new ArrayList<>();
        for (List<String> share : shares) {
            Callable<Integer> task = () -> {
                int measured = 0;
                for (String tenantId : share) {
                    measured += measureIfDue(tenantId) ? 1 : 0;
                }
                return measured;
            };
            results.add(workers.submit(task));
        }
        int measured = 0;
        for (Future<Integer> result : results) {
            try {
                measured += result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return measured;
            } catch (ExecutionException e) {
                LOG.warn("measuring failed; the tenants stay due", e.getCause());
            }
        }
        return measured;
    }

    /**
     * Measures the tenant now if it is due and no other replica is measuring it.
     *
     * @return whether it was measured
     */
    public boolean measureIfDue(String tenantId) {
        long started = System.nanoTime();
        try {
            measurer.prepare(tenantId);
        } catch (RuntimeException e) {
            LOG.warn("preparing the measurement of tenant {} in {} failed; measuring with what is stored", tenantId,
                    table, e);
        }
        AtomicBoolean measured = new AtomicBoolean();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            unitOfWork.execute(() -> {
                List<Timestamp> claimed = jdbc.queryForList("SELECT measure_due_at FROM " + table
                                + " WHERE tenant_id = ? AND measure_due_at <= ? FOR UPDATE SKIP LOCKED",
                        Timestamp.class, tenantId, Timestamp.from(clock.instant()));
                if (claimed.isEmpty()) {
                    return;
                }
                // the instant measured is taken once the claim is held: every write that marks the tenant passes
                // through its row lock, so everything committed so far happened at or before it
                Instant at = clock.instant();
                TenantMeasurer.Measured result = measurer.measure(tenantId, at);
                jdbc.update("UPDATE " + table + " SET last_measured_at = ?, last_outcome = ?::jsonb,"
                                + " change_pending = false, measure_due_at = ? WHERE tenant_id = ?",
                        Timestamp.from(at), json(result.current()),
                        result.nextDueAt() == null ? null : Timestamp.from(result.nextDueAt()), tenantId);
                measured.set(true);
            });
        } catch (RuntimeException e) {
            LOG.warn("measuring tenant {} in {} failed; it is tried again in {}", tenantId, table,
                    RETRY_AFTER_FAILURE, e);
            postpone(tenantId);
            metrics.record(Outcome.FAILED, System.nanoTime() - started);
            return false;
        }
        metrics.record(measured.get() ? Outcome.MEASURED : Outcome.SKIPPED, System.nanoTime() - started);
        return measured.get();
    }

    private String json(Object current) {
        if (current == null) {
            return null;
        }
        try {
            return json.writeValueAsString(current);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void postpone(String tenantId) {
        try {
            jdbc.update("UPDATE " + table + " SET measure_due_at = ? WHERE tenant_id = ? AND measure_due_at IS NOT NULL",
                    Timestamp.from(clock.instant().plus(RETRY_AFTER_FAILURE)), tenantId);
        } catch (RuntimeException e) {
            LOG.debug("could not postpone tenant {}", tenantId, e);
        }
    }

    /** UTC midnight at the start of {@code instant}'s day. */
    public static Instant startOfDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
