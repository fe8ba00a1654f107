package dev.successscore.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Migrations once per release: replicas in validate mode wait for the migration job and change nothing. */
class ServiceSchemaTest {

    private static final ServiceSchema SCHEMA = new ServiceSchema("flyway_history_schema_test",
            "classpath:db/schema-test");

    @Test
    void aReplicaInValidateModeChangesNothingAndFailsNamingWhatIsPending() {
        try (HikariDataSource dataSource = TestDatabases.fresh()) {
            assertThat(SCHEMA.pending(dataSource))
                    .containsExactly("flyway_history_axon:1", "flyway_history_schema_test:1");

            assertThatThrownBy(() -> SCHEMA.prepare(dataSource, validate(Duration.ofMillis(300))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("flyway_history_schema_test:1")
                    .hasMessageContaining("migrate");
            assertThat(tables(dataSource)).as("validate mode creates no table").isZero();
        }
    }

    @Test
    void aReplicaInValidateModeStartsOnceTheMigrationJobHasRun() throws Exception {
        try (HikariDataSource dataSource = TestDatabases.fresh()) {
            CompletableFuture<Void> replica = CompletableFuture.runAsync(
                    () -> SCHEMA.prepare(dataSource, validate(Duration.ofSeconds(30))));
            Thread.sleep(1500);
            assertThat(replica).as("waits for the job").isNotDone();

            assertThat(SCHEMA.apply(dataSource)).isEqualTo(2);
            replica.get(10, TimeUnit.SECONDS);
            assertThat(SCHEMA.pending(dataSource)).isEmpty();
        }
    }

    @Test
    void applyModeLeavesMigratingToTheServiceAndReplicasApplyingTogetherMigrateOnce() throws Exception {
        try (HikariDataSource dataSource = TestDatabases.fresh(8)) {
            SCHEMA.prepare(dataSource, MigrationSettings.from(Settings.of(Map.of())));
            assertThat(SCHEMA.pending(dataSource)).hasSize(2);

            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> SCHEMA.apply(dataSource));
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> SCHEMA.apply(dataSource));
            assertThat(first.get(60, TimeUnit.SECONDS) + second.get(60, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(SCHEMA.pending(dataSource)).isEmpty();
        }
    }

    @Test
    void theModeIsReadFromTheEnvironmentAndAnUnknownOneIsRefused() {
        MigrationSettings settings = MigrationSettings.from(Settings.of(Map.of(MigrationSettings.MODE, "validate",
                MigrationSettings.WAIT, "30s")));
        assertThat(settings).isEqualTo(new MigrationSettings(MigrationSettings.Mode.VALIDATE, Duration.ofSeconds(30)));
        assertThat(MigrationSettings.from(Settings.of(Map.of())).mode()).isEqualTo(MigrationSettings.Mode.APPLY);
        assertThatThrownBy(() -> MigrationSettings.from(Settings.of(Map.of(MigrationSettings.MODE, "sometimes"))))
                .hasMessageContaining(MigrationSettings.MODE);
    }

    private static MigrationSettings validate(Duration wait) {
        return new MigrationSettings(MigrationSettings.Mode.VALIDATE, wait);
    }

    private static int tables(HikariDataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*)::int FROM information_schema.tables WHERE table_schema = 'public'", Integer.class);
    }
}
