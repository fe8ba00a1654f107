package dev.successscore.usage.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.runtime.measure.DueMeasurements;
import dev.successscore.runtime.metrics.MeasurementMetrics;
import dev.successscore.runtime.measure.TenantMeasurer;
import dev.successscore.usage.api.RecordAdoptionCommand;
import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures the tenants that are due (see {@link DueMeasurements}): those with new activity, directory or
 * entitlement changes after the measure delay, and every tenant after each UTC midnight so the window rolls
 * forward. A measurement reads the rollups, records the outcome through the {@code TenantAdoption} aggregate (an
 * event only when it is news) and keeps it as the tenant's current adoption.
 */
public final class AdoptionMeasurements implements TenantMeasurer {

    public static final String TENANT_TABLE = "usage_tenant";

    private final JdbcTemplate jdbc;
    private final UsageFactsReader facts;
    private final CommandGateway commands;
    private final Duration refreshAfter;
    private final DueMeasurements due;

    /**
     * @param refreshAfter an unchanged measurement is recorded again once the last recorded one is this old
     * @param workers      measures tenants in parallel, {@code workerCount} at a time
     */
    public AdoptionMeasurements(JdbcTemplate jdbc, UsageFactsReader facts, CommandGateway commands,
                                TransactionManager transactions, Clock clock, Duration refreshAfter,
                                ExecutorService workers, int workerCount, ObjectMapper mapper,
                                MeasurementMetrics metrics) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.commands = commands;
        this.refreshAfter = refreshAfter;
        this.due = new DueMeasurements(TENANT_TABLE, jdbc, transactions, clock, workers, workerCount, this, mapper,
                metrics);
    }

    /** What a measurement of the tenant at {@code at} finds, without recording it. */
    public Optional<AdoptionOutcome> evaluate(String tenantId, Instant at) {
        return facts.read(tenantId, at).map(AdoptionCalculator::calculate);
    }

    @Override
    public Measured measure(String tenantId, Instant at) {
        Optional<AdoptionOutcome> outcome = evaluate(tenantId, at);
        outcome.ifPresent(o -> commands.sendAndWait(new RecordAdoptionCommand(tenantId, at, o, refreshAfter)));
        // activity stamped on a later day than the window's (up to 5 minutes ahead of the clock) is measured once
        // that day has begun
        Boolean later = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM usage_daily WHERE tenant_id = ? AND day > ?)",
                Boolean.class, tenantId, Date.valueOf(AdoptionWindow.at(at).today()));
        Instant nextDue = Boolean.TRUE.equals(later) ? DueMeasurements.startOfDay(at).plus(Duration.ofDays(1)) : null;
        return new Measured(outcome.orElse(null), nextDue);
    }

    /** @see DueMeasurements#measureDue(int) */
    public int measureDue(int limit) {
        return due.measureDue(limit);
    }

    /** @see DueMeasurements#measureEach(List) */
    public int measureEach(List<String> tenantIds) {
        return due.measureEach(tenantIds);
    }

    /** @see DueMeasurements#measureIfDue(String) */
    public boolean measureIfDue(String tenantId) {
        return due.measureIfDue(tenantId);
    }

    /** @see DueMeasurements#markDailyDue(Instant) */
    public int markDailyDue(Instant now) {
        return due.markDailyDue(now);
    }

    /** @see DueMeasurements#markAllDue(Instant) */
    public int markAllDue(Instant now) {
        return due.markAllDue(now);
    }

}
