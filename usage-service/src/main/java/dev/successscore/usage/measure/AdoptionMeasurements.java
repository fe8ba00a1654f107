package dev.successscore.usage.measure;

import dev.successscore.usage.api.RecordAdoptionCommand;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures tenants that are due: those with new activity, directory or entitlement changes (after the measure
 * delay), and every tenant once a day so the window rolls forward.
 *
 * <p>A tenant is measured in one transaction that claims its row ({@code FOR UPDATE SKIP LOCKED}), reads its
 * rollups, records the outcome through the {@code TenantAdoption} aggregate and clears the mark. Another replica
 * skips a claimed tenant, so a tenant and window are never measured twice at once; a failed measurement rolls back
 * and leaves the tenant due. Activity committed while a tenant is being measured waits for the claim to end and
 * then marks it due again, so nothing new goes unmeasured.
 */
public final class AdoptionMeasurements {

    private static final Logger LOG = LoggerFactory.getLogger(AdoptionMeasurements.class);
    /** Every tenant is re-measured at least this often. */
    public static final Duration DAILY = Duration.ofDays(1);

    private final JdbcTemplate jdbc;
    private final UsageFactsReader facts;
    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final Clock clock;
    private final Duration refreshAfter;
    private final ExecutorService workers;
    private final int workerCount;

    /**
     * @param refreshAfter an unchanged measurement is recorded again once the last recorded one is this old
     * @param workers      measures tenants in parallel, {@code workerCount} at a time
     */
    public AdoptionMeasurements(JdbcTemplate jdbc, UsageFactsReader facts, CommandGateway commands,
                                TransactionManager transactions, Clock clock, Duration refreshAfter,
                                ExecutorService workers, int workerCount) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
        this.workers = workers;
        this.workerCount = workerCount;
    }

    /** What a measurement of the tenant at {@code at} finds, without recording it. */
    public Optional<AdoptionOutcome> evaluate(String tenantId, Instant at) {
        return facts.read(tenantId, at).map(AdoptionCalculator::calculate);
    }

    /**
     * Marks for re-measurement every tenant not measured in the last day, then measures every due tenant, up to
     * {@code limit}, in parallel.
     *
     * @return how many tenants were measured
     */
    public int measureDue(int limit) {
        Instant now = clock.instant();
        markDailyDue(now);
        List<String> due = jdbc.queryForList("""
                SELECT tenant_id FROM usage_tenant WHERE measure_due_at <= ? ORDER BY measure_due_at LIMIT ?""",
                String.class, Timestamp.from(now), limit);
        return measureEach(due);
    }

    /** Measures the given tenants (those due), spread over the workers; waits for all of them. */
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
        Instant now = clock.instant();
        AtomicBoolean measured = new AtomicBoolean();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            unitOfWork.execute(() -> {
                List<Timestamp> claimed = jdbc.queryForList("""
                        SELECT measure_due_at FROM usage_tenant WHERE tenant_id = ? AND measure_due_at <= ?
                        FOR UPDATE SKIP LOCKED""", Timestamp.class, tenantId, Timestamp.from(now));
                if (claimed.isEmpty()) {
                    return;
                }
                evaluate(tenantId, now).ifPresent(outcome ->
                        commands.sendAndWait(new RecordAdoptionCommand(tenantId, now, outcome, refreshAfter)));
                jdbc.update("UPDATE usage_tenant SET measure_due_at = NULL, last_measured_at = ? WHERE tenant_id = ?",
                        Timestamp.from(now), tenantId);
                measured.set(true);
            });
        } catch (RuntimeException e) {
            LOG.warn("measuring tenant {} failed; it stays due", tenantId, e);
            return false;
        }
        return measured.get();
    }

    /** Marks every tenant not measured in the last day as due now. Idempotent across replicas. */
    public int markDailyDue(Instant now) {
        return jdbc.update("""
                UPDATE usage_tenant SET measure_due_at = ?
                WHERE measure_due_at IS NULL AND (last_measured_at IS NULL OR last_measured_at <= ?)""",
                Timestamp.from(now), Timestamp.from(now.minus(DAILY)));
    }

    /** Marks every tenant due now (after a policy of measurement changed, or for a benchmark). */
    public int markAllDue(Instant now) {
        return jdbc.update("UPDATE usage_tenant SET measure_due_at = ?", Timestamp.from(now));
    }
}
