package dev.successscore.runtime.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What a service has stored in its database, as a fingerprint to compare before and after a call: for every table
 * that holds records (the Axon event table and the service's own tables), its row count and an order-independent
 * hash of its rows' contents. Tables the service's code reads and writes for bookkeeping are left out: the event
 * processors' tokens ({@code tokenentry}, claimed and extended all the time), Axon's aggregate snapshots
 * ({@code snapshotevententry}, a cache of events already stored, which Axon may write even while a command that
 * loaded the aggregate is refused) and the Flyway history tables.
 *
 * <p>The record tables are found in the database's schema when this is created, after the service applied its
 * migrations, so a table a later migration adds is covered without anyone listing it.
 */
public final class StoredRecords {

    /** Tables left out, by name. */
    public static final Set<String> BOOKKEEPING_TABLES = Set.of("tokenentry", "snapshotevententry");
    /** Tables left out, by the start of their name. */
    public static final String FLYWAY_HISTORY_PREFIX = "flyway_history";

    private final DataSource dataSource;
    private final List<String> tables;
    private final String query;

    private StoredRecords(DataSource dataSource, List<String> tables) {
        this.dataSource = dataSource;
        this.tables = List.copyOf(tables);
        // one round trip: a row per table with its count and the sum of 64-bit hashes of its rows as text
        List<String> parts = new ArrayList<>();
        for (String table : tables) {
            parts.add("SELECT '" + table + "', count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)"
                    + " FROM " + table + " t");
        }
        this.query = String.join(" UNION ALL ", parts);
    }

    /** The record tables of {@code dataSource}'s current schema: every table but the bookkeeping ones. */
    public static StoredRecords of(DataSource dataSource) {
        List<String> tables = new ArrayList<>();
        for (String table : tablesOf(dataSource)) {
            if (!BOOKKEEPING_TABLES.contains(table) && !table.startsWith(FLYWAY_HISTORY_PREFIX)) {
                tables.add(table);
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no record tables in the database: apply the migrations first");
        }
        return new StoredRecords(dataSource, tables);
    }

    /** Every table of {@code dataSource}'s current schema, by name in alphabetical order. */
    public static List<String> tablesOf(DataSource dataSource) {
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the tables", e);
        }
        return tables;
    }

    /** The tables fingerprinted, in alphabetical order. */
    public List<String> tables() {
        return tables;
    }

    /** The fingerprint of every record table now. */
    public Fingerprint fingerprint() {
        Map<String, String> byTable = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                byTable.put(rows.getString(1), rows.getLong(2) + " rows, hash " + rows.getBigDecimal(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not fingerprint the stored records", e);
        }
        return new Fingerprint(Collections.unmodifiableMap(byTable));
    }

    /**
     * Row count and content hash of each record table, by table.
     *
     * @param byTable "n rows, hash h" by table name
     */
    public record Fingerprint(Map<String, String> byTable) {

        /** The tables whose rows differ between this and {@code later}, with both fingerprints. */
        public List<String> changesTo(Fingerprint later) {
            List<String> changes = new ArrayList<>();
            byTable.forEach((table, before) -> {
                String after = later.byTable.get(table);
                if (!before.equals(after)) {
                    changes.add(table + ": " + before + " -> " + after);
                }
            });
            return changes;
        }
    }
}
