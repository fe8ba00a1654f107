package dev.successscore.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.cli.testing.JavaProcesses;
import dev.successscore.runtime.db.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations once per release, as the deployment runs them: the service's main class with the argument
 * {@code migrate} migrates and exits 0; replicas in {@code validate} mode refuse to start on a schema that is not
 * current and start on one the job has migrated.
 */
class MigrationJobTest {

    private static final String MAIN = "dev.successscore.usage.UsageServiceApp";

    /** Kept when the test fails: each service's log is there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;
    private EmbeddedServer database;
    private Map<String, String> environment;

    @BeforeEach
    void startDatabase() {
        database = EmbeddedServer.start(directory.resolve("postgres"), ProcessSuite.freePort());
        database.ensureDatabase("css_usage");
        environment = Map.of("CSS_DB_URL", database.jdbcUrl("css_usage"), "CSS_DB_USER", EmbeddedServer.USER,
                "CSS_DB_MIGRATIONS", "validate", "CSS_DB_MIGRATION_WAIT", "2s", "CSS_AUTH_DISABLED", "true",
                "CSS_INSECURE", "true");
    }

    @AfterEach
    void stopDatabase() {
        database.close();
    }

    @Test
    void aReplicaInValidateModeRefusesAnOldSchemaAndStartsOnceTheMigrationJobHasRun() throws Exception {
        try (ServiceProcess early = new ServiceProcess("usage-service", MAIN, ProcessSuite.freePort(), environment,
                directory)) {
            assertThatThrownBy(() -> early.start(Duration.ofSeconds(60)))
                    .hasMessageContaining("exited");
        }
        assertThat(Files.readString(directory.resolve("usage-service.log"))).contains("pending migrations");

        assertThat(migrate()).as("the migration job's exit code").isZero();
        assertThat(migrate()).as("a second run finds nothing to do").isZero();

        try (ServiceProcess replica = new ServiceProcess("usage-service", 2, MAIN, ProcessSuite.freePort(),
                environment, directory)) {
            replica.start(Duration.ofSeconds(90));
        }
    }

    private int migrate() throws Exception {
        ProcessBuilder job = JavaProcesses.java(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), MAIN, "migrate")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("migrate.log").toFile()));
        job.environment().keySet().removeIf(key -> key.startsWith("CSS_"));
        job.environment().putAll(environment);
        Process process = job.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the migration job ends").isTrue();
        return process.exitValue();
    }
}
