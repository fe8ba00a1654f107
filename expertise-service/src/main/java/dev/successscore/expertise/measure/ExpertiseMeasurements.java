package dev.successscore.expertise.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.expertise.api.CreditRecord;
import dev.successscore.expertise.credits.Credits;
import dev.successscore.expertise.roster.Roster;
import dev.successscore.expertise.roster.RosterSource;
import dev.successscore.expertise.roster.RosterUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures the tenants that are due (see {@link DueMeasurements}): after credits change, when a certification
 * expires or a credit dated ahead comes due (the next due time), and after each UTC midnight. Before each
 * measurement usage-service is asked for the roster, outside the tenant's claim; when it cannot be reached the last
 * roster received is used, the evidence says how old it is and the tenant is measured again a minute later; a tenant
 * whose roster was never received is measured as not available. Tenants are learnt from usage-service too, so that
 * one without credits is measured (0, not unknown). The signals are recorded through the tenant's
 * {@code CategoryMeasurementLedger} (an event only when they changed) and kept as the current Customer Expertise.
 */
public final class ExpertiseMeasurements implements TenantMeasurer {

    private static final Logger LOG = LoggerFactory.getLogger(ExpertiseMeasurements.class);
    public static final String TENANT_TABLE = "expertise_tenant";
    public static final String SOURCE_SERVICE = "expertise-service";

    private final JdbcTemplate jdbc;
    private final Credits credits;
    private final RosterSource rosters;
    private final CommandGateway commands;
    private final Duration refreshAfter;
    private final DueMeasurements due;
    private final Clock clock;
    private final TransactionTemplate transactions;
    /** Rosters received by {@link #prepare}, for the measurement that follows. */
    private final Map<String, Roster> fresh = new ConcurrentHashMap<>();
    /** While usage-service cannot be reached, a tenant is measured again this soon. */
    public static final Duration ROSTER_RETRY = Duration.ofMinutes(1);

    public ExpertiseMeasurements(JdbcTemplate jdbc, Credits credits, RosterSource rosters, CommandGateway commands,
                                 TransactionManager transactions, PlatformTransactionManager platformTransactions,
                                 Clock clock, Duration refreshAfter,
                                 ExecutorService workers, int workerCount, ObjectMapper mapper,
                                 MeasurementMetrics metrics) {
        this.jdbc = jdbc;
        this.credits = credits;
        this.rosters = rosters;
        this.commands = commands;
        this.refreshAfter = refreshAfter;
        this.due = new DueMeasurements(TENANT_TABLE, jdbc, transactions, clock, workers, workerCount, this, mapper,
                metrics);
        this.clock = clock;
        this.transactions = new TransactionTemplate(platformTransactions);
    }

    /** The tenant's current Customer Expertise as kept between measurements. */
    public record CurrentExpertise(Instant measuredAt, List<SignalValue> signals, Instant rosterFetchedAt,
                                   boolean rosterFromCache) {
    }

    /**
     * Asks usage-service for the roster before the tenant is claimed (its latency must not hold up the tenant's
     * writers) and keeps it as the cache, rewritten only when it changed.
     */
    @Override
    public void prepare(String tenantId) {
        Set<String> users;
        try {
            users = rosters.roster(tenantId);
        } catch (RosterUnavailableException e) {
            LOG.debug("roster of {} unavailable: {}", tenantId, e.getMessage());
            fresh.remove(tenantId);
            return;
        }
        Instant fetchedAt = clock.instant();
        transactions.executeWithoutResult(tx -> {
            Set<String> cached = new HashSet<>(jdbc.queryForList(
                    "SELECT user_id FROM expertise_roster WHERE tenant_id = ?", String.class, tenantId));
            if (!cached.equals(users)) {
                jdbc.update("DELETE FROM expertise_roster WHERE tenant_id = ?", tenantId);
                jdbc.batchUpdate("INSERT INTO expertise_roster (tenant_id, user_id) VALUES (?, ?)",
                        users.stream().map(u -> new Object[] {tenantId, u}).toList());
            }
            jdbc.update("UPDATE expertise_tenant SET roster_fetched_at = ? WHERE tenant_id = ?",
                    Timestamp.from(fetchedAt), tenantId);
        });
        fresh.put(tenantId, new Roster(users, fetchedAt, false));
    }

    @Override
    public Measured measure(String tenantId, Instant at) {
        Roster roster = fresh.remove(tenantId);
        if (roster == null) {
            roster = cachedRoster(tenantId);
        }
        List<CreditRecord> tenantCredits = credits.creditsForMeasuring(tenantId, at);
        List<SignalValue> signals = ExpertiseCalculator.calculate(at, roster, tenantCredits);
        commands.sendAndWait(new RecordCategoryMeasurementCommand(tenantId, SignalCategory.CUSTOMER_EXPERTISE, at,
                signals, refreshAfter, SOURCE_SERVICE));
        return new Measured(new CurrentExpertise(at, signals, roster == null ? null : roster.fetchedAt(),
                roster == null || roster.fromCache()), nextDue(tenantId, at, roster, tenantCredits));
    }

    /**
     * The next certification expiry or credit dated ahead of {@code at}; while usage-service cannot be reached,
     * a minute from now, so a fresh roster is used soon after it is back.
     */
    private Instant nextDue(String tenantId, Instant at, Roster roster, List<CreditRecord> tenantCredits) {
        Instant next = tenantCredits.stream().map(CreditRecord::expiresAt)
                .filter(e -> e != null && e.isAfter(at)).min(Instant::compareTo).orElse(null);
        Timestamp ahead = jdbc.queryForObject("""
                SELECT min(earned_at) FROM expertise_credit WHERE tenant_id = ? AND earned_at > ?
                AND revoked_at IS NULL""", Timestamp.class, tenantId, Timestamp.from(at));
        next = earliest(next, ahead == null ? null : ahead.toInstant());
        if (roster == null || roster.fromCache()) {
            next = earliest(next, at.plus(ROSTER_RETRY));
        }
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private Roster cachedRoster(String tenantId) {
        Timestamp fetched = jdbc.queryForObject("SELECT roster_fetched_at FROM expertise_tenant WHERE tenant_id = ?",
                Timestamp.class, tenantId);
        if (fetched == null) {
            return null;
        }
        Set<String> users = new HashSet<>(jdbc.queryForList(
                "SELECT user_id FROM expertise_roster WHERE tenant_id = ?", String.class, tenantId));
        return new Roster(users, fetched.toInstant(), true);
    }

    /**
     * Learns the tenants usage-service knows and marks the new ones due, so that a tenant without any credit is
     * measured (its coverage is 0, not unknown).
     *
     * @return the tenants added
     */
    public int discoverTenants() {
        Set<String> tenants = rosters.tenantIds();
        Instant now = clock.instant();
        int added = 0;
        for (List<String> chunk : chunks(List.copyOf(tenants), 1000)) {
            added += jdbc.update(c -> {
                var statement = c.prepareStatement("""
                        INSERT INTO expertise_tenant (tenant_id, created_at, measure_due_at, change_pending)
                        SELECT t, ?, ?, true FROM unnest(?::text[]) AS t ON CONFLICT (tenant_id) DO NOTHING""");
                statement.setTimestamp(1, Timestamp.from(now));
                statement.setTimestamp(2, Timestamp.from(now));
                statement.setArray(3, c.createArrayOf("text", chunk.toArray()));
                return statement;
            });
        }
        return added;
    }

    private static List<List<String>> chunks(List<String> values, int size) {
        List<List<String>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i += size) {
            chunks.add(values.subList(i, Math.min(values.size(), i + size)));
        }
        return chunks;
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
