package dev.successscore.expertise.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.successscore.expertise.api.CreditRecord;
import dev.successscore.expertise.credits.Credits;
import dev.successscore.expertise.roster.Roster;
import dev.successscore.expertise.roster.RosterSource;
import dev.successscore.expertise.roster.RosterUnavailableException;
import dev.successscore.runtime.measure.DueMeasurements;
import dev.successscore.runtime.measure.RecordCategoryMeasurementCommand;
import dev.successscore.runtime.measure.TenantMeasurer;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalValue;
import java.io.UncheckedIOException;
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
 * expires (the next due time), and after each UTC midnight. Each measurement asks usage-service for the roster; when
 * it cannot be reached the last roster received is used and the evidence says how old it is, and a tenant whose
 * roster was never received is measured as not available. The signals are recorded through the tenant's
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
    private final ObjectMapper mapper;
    private final DueMeasurements due;

    public ExpertiseMeasurements(JdbcTemplate jdbc, Credits credits, RosterSource rosters, CommandGateway commands,
                                 TransactionManager transactions, Clock clock, Duration refreshAfter,
                                 ExecutorService workers, int workerCount, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.credits = credits;
        this.rosters = rosters;
        this.commands = commands;
        this.refreshAfter = refreshAfter;
        this.mapper = mapper;
        this.due = new DueMeasurements(TENANT_TABLE, jdbc, transactions, clock, workers, workerCount, this);
    }

    /** The tenant's current Customer Expertise as kept between measurements. */
    public record CurrentExpertise(Instant measuredAt, List<SignalValue> signals, Instant rosterFetchedAt,
                                   boolean rosterFromCache) {
    }

    @Override
    public Measured measure(String tenantId, Instant at) {
        Roster roster = roster(tenantId, at);
        List<CreditRecord> tenantCredits = credits.creditsForMeasuring(tenantId, at);
        List<SignalValue> signals = ExpertiseCalculator.calculate(at, roster, tenantCredits);
        commands.sendAndWait(new RecordCategoryMeasurementCommand(tenantId, SignalCategory.CUSTOMER_EXPERTISE, at,
                signals, refreshAfter, SOURCE_SERVICE));
        Instant nextExpiry = tenantCredits.stream().map(CreditRecord::expiresAt)
                .filter(e -> e != null && e.isAfter(at)).min(Instant::compareTo).orElse(null);
        return new Measured(json(new CurrentExpertise(at, signals, roster == null ? null : roster.fetchedAt(),
                roster != null && roster.fromCache())), nextExpiry);
    }

    /** The roster from usage-service, kept as the cache; the cached one when usage-service cannot be reached. */
    private Roster roster(String tenantId, Instant at) {
        try {
            Set<String> users = rosters.roster(tenantId);
            jdbc.update("DELETE FROM expertise_roster WHERE tenant_id = ?", tenantId);
            jdbc.batchUpdate("INSERT INTO expertise_roster (tenant_id, user_id) VALUES (?, ?)",
                    users.stream().map(u -> new Object[] {tenantId, u}).toList());
            jdbc.update("UPDATE expertise_tenant SET roster_fetched_at = ? WHERE tenant_id = ?", Timestamp.from(at),
                    tenantId);
            return new Roster(users, at, false);
        } catch (RosterUnavailableException e) {
            LOG.debug("roster of {} from the cache: {}", tenantId, e.getMessage());
            Timestamp fetched = jdbc.queryForObject("SELECT roster_fetched_at FROM expertise_tenant WHERE tenant_id = ?",
                    Timestamp.class, tenantId);
            if (fetched == null) {
                return null;
            }
            Set<String> users = new HashSet<>(jdbc.queryForList(
                    "SELECT user_id FROM expertise_roster WHERE tenant_id = ?", String.class, tenantId));
            return new Roster(users, fetched.toInstant(), true);
        }
    }

    /** @see DueMeasurements#measureDue(int) */
    public int measureDue(int limit) {
        return due.measureDue(limit);
    }

    /** @see DueMeasurements#measureEach(List) */
    public int measureEach(List<String> tenantIds) {
        return due.measureEach(tenantIds);
    }

    /** @see DueMeasurements#markAllDue(Instant) */
    public int markAllDue(Instant now) {
        return due.markAllDue(now);
    }

    private String json(CurrentExpertise current) {
        try {
            return mapper.writeValueAsString(current);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
