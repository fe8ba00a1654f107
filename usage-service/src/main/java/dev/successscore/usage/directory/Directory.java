package dev.successscore.usage.directory;

import dev.successscore.runtime.grpc.AlreadyExistsException;
import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.NotFoundException;
import dev.successscore.usage.api.DirectoryUser;
import dev.successscore.usage.api.Entitlements;
import dev.successscore.usage.api.OrgLevel;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import dev.successscore.runtime.measure.DueMeasurements;
import dev.successscore.usage.measure.AdoptionMeasurements;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenants' entitlements (every change kept) and user directories, in PostgreSQL. Each change marks the tenant for
 * re-measurement, in the same transaction. Requests are idempotent: asking for what is already in force changes
 * nothing.
 */
public final class Directory {

    public static final String TENANT = "tenant";
    public static final String USER = "user";
    private static final String UNKNOWN_TENANT = "TENANT_UNKNOWN";

    private static final String MARK_CHANGED = DueMeasurements.markChangedSql(AdoptionMeasurements.TENANT_TABLE);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration measureDelay;

    /**
     * @param measureDelay how long after a change the tenant is re-measured (changes in between are measured
     *                     together)
     */
    public Directory(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration measureDelay) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.measureDelay = measureDelay;
    }

    /** The result of setting entitlements: what is in force, and whether this request changed it. */
    public record EntitlementsSet(Entitlements entitlements, boolean changed) {
    }

    /**
     * Creates the tenant or records a change of its entitlements; nothing when they are already in force.
     *
     * @param features sorted and without duplicates
     */
    public EntitlementsSet setEntitlements(String tenantId, int seats, List<String> features) {
        return transactions.execute(tx -> {
            Instant now = clock.instant();
            Timestamp nowTs = Timestamp.from(now);
            // serialises concurrent changes of one tenant; a new tenant's first insert wins, the other waits
            int created = jdbc.update("""
                    INSERT INTO usage_tenant (tenant_id, licensed_seats, enabled_features, entitlement_version,
                                              created_at, measure_due_at, change_pending)
                    VALUES (?, ?, ?, 1, ?, ?, true) ON CONFLICT (tenant_id) DO NOTHING""",
                    ps -> {
                        ps.setString(1, tenantId);
                        ps.setInt(2, seats);
                        ps.setArray(3, ps.getConnection().createArrayOf("text", features.toArray()));
                        ps.setTimestamp(4, nowTs);
                        ps.setTimestamp(5, Timestamp.from(now.plus(measureDelay)));
                    });
            if (created == 1) {
                insertEntitlementVersion(tenantId, 1, seats, features, nowTs);
                return new EntitlementsSet(new Entitlements(tenantId, seats, features, 1, now), true);
            }
            Entitlements current = jdbc.queryForObject("""
                    SELECT tenant_id, e.licensed_seats, e.enabled_features, e.version, e.changed_at
                    FROM usage_tenant t JOIN usage_entitlement e USING (tenant_id)
                    WHERE tenant_id = ? AND e.version = t.entitlement_version FOR UPDATE OF t""",
                    Directory::entitlements, tenantId);
            if (current.grantsSameAs(seats, features)) {
                return new EntitlementsSet(current, false);
            }
            long version = current.version() + 1;
            insertEntitlementVersion(tenantId, version, seats, features, nowTs);
            jdbc.update("""
                    UPDATE usage_tenant SET licensed_seats = ?, enabled_features = ?, entitlement_version = ?,
                        measure_due_at = least(measure_due_at, ?), change_pending = true WHERE tenant_id = ?""",
                    ps -> {
                        ps.setInt(1, seats);
                        ps.setArray(2, ps.getConnection().createArrayOf("text", features.toArray()));
                        ps.setLong(3, version);
                        ps.setTimestamp(4, Timestamp.from(now.plus(measureDelay)));
                        ps.setString(5, tenantId);
                    });
            return new EntitlementsSet(new Entitlements(tenantId, seats, features, version, now), true);
        });
    }

    private void insertEntitlementVersion(String tenantId, long version, int seats, List<String> features,
                                          Timestamp at) {
        jdbc.update("""
                INSERT INTO usage_entitlement (tenant_id, version, licensed_seats, enabled_features, changed_at)
                VALUES (?, ?, ?, ?, ?)""", ps -> {
            ps.setString(1, tenantId);
            ps.setLong(2, version);
            ps.setInt(3, seats);
            ps.setArray(4, ps.getConnection().createArrayOf("text", features.toArray()));
            ps.setTimestamp(5, at);
        });
    }

    /** The entitlements in force. */
    public Entitlements entitlements(String tenantId) {
        return jdbc.query("""
                SELECT tenant_id, e.licensed_seats, e.enabled_features, e.version, e.changed_at
                FROM usage_tenant t JOIN usage_entitlement e USING (tenant_id)
                WHERE tenant_id = ? AND e.version = t.entitlement_version""", Directory::entitlements, tenantId)
                .stream().findFirst().orElseThrow(() -> new NotFoundException(TENANT, tenantId));
    }

    /** Entitlement changes, newest first, of versions below {@code beforeVersion}. */
    public List<Entitlements> entitlementChanges(String tenantId, long beforeVersion, int limit) {
        requireTenant(tenantId, false);
        return jdbc.query("""
                SELECT tenant_id, licensed_seats, enabled_features, version, changed_at FROM usage_entitlement
                WHERE tenant_id = ? AND version < ? ORDER BY version DESC LIMIT ?""",
                Directory::entitlements, tenantId, beforeVersion, limit);
    }

    /**
     * Adds a user, or reactivates a deactivated one with the given details. The same registration again changes
     * nothing; another department or level for an active user is ALREADY_EXISTS (use {@link #updateUser}).
     */
    public DirectoryUser registerUser(String tenantId, String userId, String department, OrgLevel level) {
        return transactions.execute(tx -> {
            requireTenant(tenantId, true);
            Instant now = clock.instant();
            int inserted = jdbc.update("""
                    INSERT INTO usage_user (tenant_id, user_id, department, org_level, active, registered_at,
                                            updated_at)
                    VALUES (?, ?, ?, ?, true, ?, ?) ON CONFLICT (tenant_id, user_id) DO NOTHING""",
                    tenantId, userId, department, level.name(), Timestamp.from(now), Timestamp.from(now));
            if (inserted == 0) {
                DirectoryUser user = user(tenantId, userId, true).orElseThrow();
                if (user.active()) {
                    if (user.department().equals(department) && user.orgLevel() == level) {
                        return user;
                    }
                    throw new AlreadyExistsException(USER, tenantId + "/" + userId);
                }
                jdbc.update("""
                        UPDATE usage_user SET department = ?, org_level = ?, active = true, updated_at = ?
                        WHERE tenant_id = ? AND user_id = ?""",
                        department, level.name(), Timestamp.from(now), tenantId, userId);
            }
            markDue(tenantId, now);
            return user(tenantId, userId, false).orElseThrow();
        });
    }

    /** Changes an active user's department and level; the same values again change nothing. */
    public DirectoryUser updateUser(String tenantId, String userId, String department, OrgLevel level) {
        return transactions.execute(tx -> {
            requireTenant(tenantId, true);
            DirectoryUser user = user(tenantId, userId, true).filter(DirectoryUser::active)
                    .orElseThrow(() -> new NotFoundException(USER, tenantId + "/" + userId));
            if (user.department().equals(department) && user.orgLevel() == level) {
                return user;
            }
            Instant now = clock.instant();
            jdbc.update("""
                    UPDATE usage_user SET department = ?, org_level = ?, updated_at = ?
                    WHERE tenant_id = ? AND user_id = ?""",
                    department, level.name(), Timestamp.from(now), tenantId, userId);
            markDue(tenantId, now);
            return user(tenantId, userId, false).orElseThrow();
        });
    }

    /** Takes a user off the roster; deactivating a deactivated user changes nothing. */
    public DirectoryUser deactivateUser(String tenantId, String userId) {
        return transactions.execute(tx -> {
            requireTenant(tenantId, true);
            DirectoryUser user = user(tenantId, userId, true)
                    .orElseThrow(() -> new NotFoundException(USER, tenantId + "/" + userId));
            if (!user.active()) {
                return user;
            }
            Instant now = clock.instant();
            jdbc.update("UPDATE usage_user SET active = false, updated_at = ? WHERE tenant_id = ? AND user_id = ?",
                    Timestamp.from(now), tenantId, userId);
            markDue(tenantId, now);
            return user(tenantId, userId, false).orElseThrow();
        });
    }

    /** Tenant ids in order after {@code afterTenantId} ("" for the first page). */
    public List<String> tenantIds(String afterTenantId, int limit) {
        return jdbc.queryForList("SELECT tenant_id FROM usage_tenant WHERE tenant_id > ? ORDER BY tenant_id LIMIT ?",
                String.class, afterTenantId, limit);
    }

    /** Users ordered by id after {@code afterUserId} ("" for the first page). */
    public List<DirectoryUser> users(String tenantId, String afterUserId, int limit, boolean includeDeactivated) {
        requireTenant(tenantId, false);
        return jdbc.query("""
                SELECT * FROM usage_user WHERE tenant_id = ? AND user_id > ? AND (active OR ?)
                ORDER BY user_id LIMIT ?""", USER_ROW, tenantId, afterUserId, includeDeactivated, limit);
    }

    /**
     * Fails unless the tenant exists: FAILED_PRECONDITION for writes (the tenant must be created first), NOT_FOUND
     * for reads.
     */
    public void requireTenant(String tenantId, boolean forWrite) {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM usage_tenant WHERE tenant_id = ?)",
                Boolean.class, tenantId);
        if (!Boolean.TRUE.equals(exists)) {
            if (forWrite) {
                throw unknownTenant(tenantId);
            }
            throw new NotFoundException(TENANT, tenantId);
        }
    }

    /** FAILED_PRECONDITION: the tenant has no entitlements yet. */
    public static FailedPreconditionException unknownTenant(String tenantId) {
        return new FailedPreconditionException(UNKNOWN_TENANT, "tenant/" + tenantId,
                "Tenant '" + tenantId + "' is unknown: set its entitlements first");
    }

    private Optional<DirectoryUser> user(String tenantId, String userId, boolean lock) {
        return jdbc.query("SELECT * FROM usage_user WHERE tenant_id = ? AND user_id = ?" + (lock ? " FOR UPDATE" : ""),
                USER_ROW, tenantId, userId).stream().findFirst();
    }

    private void markDue(String tenantId, Instant now) {
        jdbc.update(MARK_CHANGED,
                Timestamp.from(now.plus(measureDelay)), tenantId);
    }

    private static final RowMapper<DirectoryUser> USER_ROW = (rs, n) -> new DirectoryUser(
            rs.getString("tenant_id"), rs.getString("user_id"), rs.getString("department"),
            OrgLevel.valueOf(rs.getString("org_level")), rs.getBoolean("active"),
            rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

    private static Entitlements entitlements(ResultSet rs, int row) throws SQLException {
        Array features = rs.getArray(3);
        return new Entitlements(rs.getString(1), rs.getInt(2), List.of((String[]) features.getArray()),
                rs.getLong(4), rs.getTimestamp(5).toInstant());
    }
}
