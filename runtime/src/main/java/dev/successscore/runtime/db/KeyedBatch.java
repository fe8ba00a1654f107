package dev.successscore.runtime.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A batch of one tenant's records keyed by an id the sender chose (the idempotency key), written with one
 * statement: {@code INSERT ... SELECT ... FROM unnest(?::type[], ...) ... ON CONFLICT DO NOTHING RETURNING key}.
 * The records that were stored before are then read back, so the caller can tell a resent record from a
 * conflicting one.
 */
public final class KeyedBatch {

    private KeyedBatch() {
    }

    /** One column of the batch as a PostgreSQL array: its element type ({@code text}, {@code bigint}) and values. */
    public record Column(String elementType, Object[] values) {
    }

    /**
     * Runs the insert with the columns bound as arrays (parameters 1..n) followed by {@code more} parameters.
     *
     * @return the keys the statement returned: the records inserted now
     */
    public static Set<String> insertNew(JdbcTemplate jdbc, String sql, List<Column> columns, Object... more) {
        return jdbc.execute((ConnectionCallback<Set<String>>) connection -> {
            Set<String> inserted = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                for (Column column : columns) {
                    statement.setArray(parameter++, connection.createArrayOf(column.elementType(), column.values()));
                }
                for (Object value : more) {
                    statement.setObject(parameter++, value);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
            return inserted;
        });
    }

    /**
     * The stored records of a tenant with the given keys, locked for the transaction, by key.
     *
     * @param sql {@code SELECT ... WHERE tenant_id = ? AND key = ANY (?) FOR UPDATE}
     */
    public static <T> Map<String, T> stored(JdbcTemplate jdbc, String sql, String tenantId, Collection<String> keys,
                                            RowMapper<T> rows, Function<T, String> key) {
        Map<String, T> stored = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return stored;
        }
        jdbc.query((Connection c) -> {
            PreparedStatement statement = c.prepareStatement(sql);
            statement.setString(1, tenantId);
            statement.setArray(2, c.createArrayOf("text", keys.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            T row = rows.mapRow(rs, 0);
            stored.put(key.apply(row), row);
        });
        return stored;
    }

    /** Microseconds since the epoch, as bound in a {@code bigint} column: {@code timestamptz 'epoch' + x * interval '1 microsecond'}. */
    public static Long micros(Instant instant) {
        return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
