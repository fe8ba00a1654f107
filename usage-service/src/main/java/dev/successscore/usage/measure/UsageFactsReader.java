package dev.successscore.usage.measure;

import dev.successscore.usage.api.OrgLevel;
import java.sql.Array;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a tenant's {@link UsageFacts} for a measurement instant from the daily rollups and the directory, never
 * from raw activity. Five indexed queries a tenant, each bounded by the tenant and a day range.
 */
public final class UsageFactsReader {

    private static final String ENTITLEMENTS_AT = """
            SELECT licensed_seats, enabled_features FROM usage_entitlement
            WHERE tenant_id = ? AND changed_at <= ? ORDER BY version DESC LIMIT 1""";
    /** The window's rollup keys, an index-only range scan; aggregated in Java (cheaper than DISTINCT aggregates). */
    private static final String WINDOW_ROLLUPS = """
            SELECT user_id, day, feature FROM usage_daily WHERE tenant_id = ? AND day BETWEEN ? AND ?""";
    private static final String ROSTER = """
            SELECT user_id, department, org_level FROM usage_user WHERE tenant_id = ? AND active""";
    private static final String PREVIOUS_WINDOWS = """
            SELECT (?::date - day) / 28 AS k, count(DISTINCT user_id) AS users
            FROM usage_daily WHERE tenant_id = ? AND day BETWEEN ? AND ?
            GROUP BY k""";
    private static final String DAILY_ACTIVE = """
            SELECT count(*) FILTER (WHERE day >= ?) AS recent, count(*) FILTER (WHERE day < ?) AS baseline,
                   (SELECT min(day) FROM usage_daily WHERE tenant_id = ?) AS first_day
            FROM (SELECT DISTINCT day, user_id FROM usage_daily
                  WHERE tenant_id = ? AND day BETWEEN ? AND ?) AS user_days""";

    private final JdbcTemplate jdbc;

    public UsageFactsReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The facts of the tenant's window ending at {@code at}; empty when the tenant had no entitlements then. */
    public Optional<UsageFacts> read(String tenantId, Instant at) {
        AdoptionWindow window = AdoptionWindow.at(at);
        List<Entitlement> entitlements = jdbc.query(ENTITLEMENTS_AT,
                (rs, n) -> new Entitlement(rs.getInt(1), strings(rs.getArray(2))), tenantId, Timestamp.from(at));
        if (entitlements.isEmpty()) {
            return Optional.empty();
        }
        Map<String, UsageFacts.ActiveUser> roster = new HashMap<>();
        Set<String> departments = new HashSet<>();
        jdbc.query(ROSTER, rs -> {
            String department = rs.getString(2);
            departments.add(department);
            roster.put(rs.getString(1), new UsageFacts.ActiveUser(rs.getString(1), 0, department,
                    OrgLevel.valueOf(rs.getString(3))));
        }, tenantId);
        Set<String> featuresUsed = new HashSet<>();
        Map<String, BitSet> activeDays = new HashMap<>();
        LocalDate start = window.start();
        jdbc.query(WINDOW_ROLLUPS, rs -> {
            int dayIndex = (int) ChronoUnit.DAYS.between(start, rs.getDate(2).toLocalDate());
            activeDays.computeIfAbsent(rs.getString(1), u -> new BitSet(AdoptionWindow.DAYS)).set(dayIndex);
            featuresUsed.add(rs.getString(3));
        }, tenantId, Date.valueOf(start), Date.valueOf(window.today()));
        featuresUsed.remove("");
        List<UsageFacts.ActiveUser> activeUsers = new ArrayList<>(activeDays.size());
        activeDays.forEach((userId, days) -> {
            UsageFacts.ActiveUser known = roster.get(userId);
            activeUsers.add(new UsageFacts.ActiveUser(userId, days.cardinality(),
                    known == null ? null : known.department(), known == null ? null : known.orgLevel()));
        });
        int[] previous = new int[AdoptionWindow.PREVIOUS_WINDOWS];
        jdbc.query(PREVIOUS_WINDOWS, rs -> {
            int k = rs.getInt("k");
            if (k >= 1 && k <= AdoptionWindow.PREVIOUS_WINDOWS) {
                previous[AdoptionWindow.PREVIOUS_WINDOWS - k] = rs.getInt("users");
            }
        }, Date.valueOf(window.today()), tenantId, Date.valueOf(window.previousWindowsStart()),
                Date.valueOf(window.previousWindowsEnd()));
        UsageFacts.DailyActivity daily = jdbc.queryForObject(DAILY_ACTIVE, (rs, n) -> {
            Date firstDay = rs.getDate("first_day");
            boolean covered = firstDay != null && !firstDay.toLocalDate().isAfter(window.baselineStart());
            return new UsageFacts.DailyActivity(rs.getLong("recent"), rs.getLong("baseline"), covered);
        }, Date.valueOf(window.recentStart()), Date.valueOf(window.recentStart()), tenantId, tenantId,
                Date.valueOf(window.baselineStart()), Date.valueOf(window.recentEnd()));
        Entitlement entitlement = entitlements.get(0);
        return Optional.of(new UsageFacts(entitlement.seats(), Set.copyOf(entitlement.features()), featuresUsed,
                activeUsers, departments, Arrays.stream(previous).boxed().toList(), daily));
    }

    private static List<String> strings(Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            if (value != null) {
                values.add((String) value);
            }
        }
        return values;
    }

    private record Entitlement(int seats, List<String> features) {
    }
}
