package dev.successscore.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.db.Migrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class StoredRecordsTest {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        dataSource = TestDatabases.fresh();
        Migrations.migrateAxonSchema(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE thing (id text PRIMARY KEY, amount int)");
        jdbc.update("INSERT INTO thing VALUES ('a', 1), ('b', 2)");
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void coversTheEventTableAndTheServicesTablesButNotTheBookkeeping() {
        assertThat(StoredRecords.of(dataSource).tables()).containsExactly("domainevententry", "thing");
        assertThat(StoredRecords.tablesOf(dataSource)).containsExactly("domainevententry", "flyway_history_axon",
                "snapshotevententry", "thing", "tokenentry");
    }

    @Test
    void findsATableAddedBeforeItIsCreated() {
        jdbc.execute("CREATE TABLE later (id text)");

        assertThat(StoredRecords.of(dataSource).tables()).contains("later");
    }

    @Test
    void isTheSameWhenNothingChangedOrAChangeWasUndone() {
        StoredRecords records = StoredRecords.of(dataSource);
        StoredRecords.Fingerprint before = records.fingerprint();

        jdbc.update("INSERT INTO thing VALUES ('c', 3)");
        jdbc.update("DELETE FROM thing WHERE id = 'c'");
        jdbc.update("UPDATE thing SET amount = 1 WHERE id = 'a'");

        assertThat(before.changesTo(records.fingerprint())).isEmpty();
    }

    @Test
    void namesTheTableOfARowAddedChangedOrRemoved() {
        StoredRecords records = StoredRecords.of(dataSource);

        StoredRecords.Fingerprint before = records.fingerprint();
        jdbc.update("INSERT INTO thing VALUES ('c', 3)");
        assertThat(before.changesTo(records.fingerprint())).singleElement().asString()
                .startsWith("thing: 2 rows, hash ").contains(" -> 3 rows, hash ");

        before = records.fingerprint();
        jdbc.update("UPDATE thing SET amount = 4 WHERE id = 'c'");
        assertThat(before.changesTo(records.fingerprint())).singleElement().asString()
                .startsWith("thing: 3 rows").contains("-> 3 rows");

        before = records.fingerprint();
        jdbc.update("DELETE FROM thing WHERE id = 'c'");
        assertThat(before.changesTo(records.fingerprint())).singleElement().asString().contains("-> 2 rows");
    }

    @Test
    void ignoresTheBookkeepingTables() {
        StoredRecords records = StoredRecords.of(dataSource);
        StoredRecords.Fingerprint before = records.fingerprint();

        jdbc.update("INSERT INTO tokenentry (processorname, segment) VALUES ('projection', 0)");

        assertThat(before.changesTo(records.fingerprint())).isEmpty();
    }

    @Test
    void refusesADatabaseWithoutTables() {
        try (HikariDataSource empty = TestDatabases.fresh()) {
            assertThatThrownBy(() -> StoredRecords.of(empty)).hasMessageContaining("apply the migrations first");
        }
    }
}
