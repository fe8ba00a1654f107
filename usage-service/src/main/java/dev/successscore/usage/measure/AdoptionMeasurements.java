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
 * <p>Tenants with something new are measured before the daily re-measurements. A tenant is measured in one
 * transaction that claims its row ({@code FOR UPDATE SKIP LOCKED}), reads its rollups, records the outcome
 * through the {@code TenantAdoption} aggregate, keeps the outcome as the tenant's current adoption and clears the
 * mark. Another replica
 * skips a claimed tenant, so a tenant and window are never measured twice at once; a failed measurement rolls back
 * and leaves the tenant due a minute later, behind the others. Activity committed while a tenant is being measured waits for the claim to end and
 * then marks it due again, so nothing new goes unmeasured.
 */
public final class AdoptionMeasurements {

    private static final Logger LOG = LoggerFactory.getLogger(AdoptionMeasurements.class);
    /** Every tenant is re-measured at least once a UTC day. */
    public static final Duration DAILY = Duration.ofDays(1);
    /** A tenant whose measurement failed is tried again after this. */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final UsageFactsReader facts;
    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final Clock clock;
    private final Duration refreshAfter;
    private final ExecutorService workers;
    private final int workerCount;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    /**
     * @param refreshAfter an unchanged measurement is recorded again once the last recorded one is this old
     * @param workers      measures tenants in parallel, {@code workerCount} at a time
     */
    public AdoptionMeasurements(JdbcTemplate jdbc, UsageFactsReader facts, CommandGateway commands,
                                TransactionManager transactions, Clock clock, Duration refreshAfter,
                                ExecutorService workers, int workerCount,
                                com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
        this.workers = workers;
        this.workerCount = workerCount;
        this.mapper = mapper;
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
        // tenants with something new come before the daily re-measurements
        List<String> due = jdbc.queryForList("""
                SELECT tenant_id FROM usage_tenant WHERE measure_due_at <= ?
                ORDER BY change_pending DESC, measure_due_at LIMIT ?""",
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
        AtomicBoolean measured = new AtomicBoolean();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try {
            unitOfWork.execute(() -> {
                List<Timestamp> claimed = jdbc.queryForList("""
                        SELECT measure_due_at FROM usage_tenant WHERE tenant_id = ? AND measure_due_at <= ?
                        FOR UPDATE SKIP LOCKED""", Timestamp.class, tenantId, Timestamp.from(clock.instant()));
                if (claimed.isEmpty()) {
                    return;
                }
                // the instant measured is taken once the claim is held: every write that marks the tenant passes
                // through its row lock, so everything committed so far happened at or before it
                Instant at = clock.instant();
                Optional<AdoptionOutcome> outcome = evaluate(tenantId, at);
                outcome.ifPresent(o -> commands.sendAndWait(new RecordAdoptionCommand(tenantId, at, o, refreshAfter)));
                // activity stamped on a later day than the window's (up to 5 minutes ahead of the clock) is measured
                // once that day has begun
                jdbc.update("""
                        UPDATE usage_tenant SET last_measured_at = ?, last_outcome = ?::jsonb, change_pending = false,
                            measure_due_at = CASE WHEN EXISTS (SELECT 1 FROM usage_daily WHERE tenant_id = ? AND day > ?)
                                                  THEN ?::timestamptz END
                        WHERE tenant_id = ?""",
                        Timestamp.from(at), outcome.map(this::json).orElse(null), tenantId,
                        java.sql.Date.valueOf(AdoptionWindow.at(at).today()),
                        Timestamp.from(startOfDay(at).plus(DAILY)), tenantId);
                measured.set(true);
            });
        } catch (RuntimeException e) {
            LOG.warn("measuring tenant {} failed; it is tried again in {}", tenantId, RETRY_AFTER_FAILURE, e);
            postpone(tenantId);
            return false;
        }
        return measured.get();
    }

    /** Moves a tenant whose measurement failed back in the queue, so it cannot hold up the others. */
    private void postpone(String tenantId) {
        try {
            jdbc.update("UPDATE usage_tenant SET measure_due_at = ? WHERE tenant_id = ? AND measure_due_at IS NOT NULL",
                    Timestamp.from(clock.instant().plus(RETRY_AFTER_FAILURE)), tenantId);
        } catch (RuntimeException e) {
            LOG.debug("could not postpone tenant {}", tenantId, e);
        }
    }

    private String json(AdoptionOutcome outcome) {
        try {
            return mapper.writeValueAsString(outcome);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Instant startOfDay(Instant instant) {
        return AdoptionWindow.at(instant).today().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    /**
     * Marks every tenant not measured yet today (UTC) as due now, so that windows roll forward with the day.
     * Idempotent across replicas.
     */
    public int markDailyDue(Instant now) {
        return jdbc.update("""
                UPDATE usage_tenant SET measure_due_at = ?
                WHERE measure_due_at IS NULL AND (last_measured_at IS NULL OR last_measured_at < ?)""",
                Timestamp.from(now), Timestamp.from(startOfDay(now)));
    }

    /** Marks every tenant due now (after a policy of measurement changed, or for a benchmark). */
    public int markAllDue(Instant now) {
        return jdbc.update("UPDATE usage_tenant SET measure_due_at = ?", Timestamp.from(now));
    }
}
