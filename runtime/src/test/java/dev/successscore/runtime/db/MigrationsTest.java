package dev.successscore.runtime.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.testing.TestDatabases;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void createsTheAxonTablesOnce() {
        try (HikariDataSource dataSource = TestDatabases.fresh()) {
            assertThat(Migrations.migrateAxonSchema(dataSource)).isEqualTo(1);
            assertThat(Migrations.migrateAxonSchema(dataSource)).isZero();

            assertThat(new JdbcTemplate(dataSource).queryForList(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
                    String.class))
                    .containsExactly("domainevententry", "flyway_history_axon", "snapshotevententry", "tokenentry");
        }
    }

    @Test
    void axonTablesMatchWhatAxonCreatesItself() throws Exception {
        try (HikariDataSource migrated = TestDatabases.fresh(); HikariDataSource byAxon = TestDatabases.fresh()) {
            Migrations.migrateAxonSchema(migrated);
            ConnectionProvider connections = byAxon::getConnection;
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            JdbcEventStorageEngine.builder()
                    .connectionProvider(connections)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .build()
                    .createSchema(PostgresEventTableFactory.INSTANCE);
            JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).build()
                    .createSchema(PostgresTokenTableFactory.INSTANCE);

            assertThat(columns(migrated)).isNotEmpty().isEqualTo(columns(byAxon));
            assertThat(constraints(migrated)).isNotEmpty().isEqualTo(constraints(byAxon));
        }
    }

    @Test
    void separateHistoryTablesLetLocationSetsShareADatabase() {
        try (HikariDataSource dataSource = TestDatabases.fresh()) {
            Migrations.migrateAxonSchema(dataSource);

            int applied = Migrations.migrate(dataSource, "flyway_history_runtime_test", "classpath:db/runtime-test");

            assertThat(applied).isEqualTo(1);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.update("INSERT INTO widget (id, name) VALUES ('w-1', 'first')");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_history_runtime_test WHERE success",
                    Integer.class)).isEqualTo(2); // the baseline marker and V1
            assertThat(Migrations.migrate(dataSource, "flyway_history_runtime_test", "classpath:db/runtime-test"))
                    .isZero();
        }
    }

    @Test
    void replicasMigratingTogetherApplyEachMigrationOnce() throws Exception {
        try (HikariDataSource dataSource = TestDatabases.fresh()) {
            ExecutorService replicas = Executors.newFixedThreadPool(3);
            try {
                List<Callable<Integer>> starts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    starts.add(() -> Migrations.migrateAxonSchema(dataSource));
                }
                int total = 0;
                for (Future<Integer> applied : replicas.invokeAll(starts)) {
                    total += applied.get();
                }
                assertThat(total).isEqualTo(1);
            } finally {
                replicas.shutdownNow();
            }
        }
    }

    private static List<String> columns(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList("""
                SELECT table_name || '.' || column_name || ' ' || data_type
                       || coalesce('(' || character_maximum_length || ')', '')
                       || ' nullable=' || is_nullable || ' default=' || coalesce(column_default, '-')
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name IN ('domainevententry', 'snapshotevententry', 'tokenentry')
                ORDER BY table_name, column_name
                """, String.class);
    }

    private static List<String> constraints(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList("""
                SELECT c.conrelid::regclass::text || ' ' || c.contype::text || ' ('
                       || string_agg(a.attname, ',' ORDER BY k.ordinality) || ')'
                FROM pg_constraint c
                CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ordinality)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                WHERE c.conrelid::regclass::text IN ('domainevententry', 'snapshotevententry', 'tokenentry')
                GROUP BY c.oid, c.conrelid, c.contype
                ORDER BY 1
                """, String.class);
    }
}
