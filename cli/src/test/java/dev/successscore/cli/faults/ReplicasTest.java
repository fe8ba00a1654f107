package dev.successscore.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.score.feed.UpstreamFeeds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of usage-service and two of score-service, each in its own JVM, on one PostgreSQL: they share the
 * work (score-service's feed segments through the token store, usage-service's measurements through row claims),
 * every tenant's history and measurements are those of a run with one replica of each, and when one replica of each
 * is killed, the survivors take over its work within 30 seconds.
 */
class ReplicasTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final int TENANTS = 12;
    private static final int STEPS = 4;
    private static final int KILL_AT_STEP = 2;
    private static final String FEED = UpstreamFeeds.processorName("usage-service");
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);

    /** Kept when the test fails: each service's log is there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private record Outcome(Map<String, List<String>> hashChains, Map<String, Integer> measurementsPerTenant,
                           Map<String, Integer> feedSegmentsByOwner, Duration takeover) {
    }

    @Test
    void twoReplicasShareTheWorkLeaveEveryHistoryAsOneReplicaDoesAndTakeOverWithin30Seconds() throws Exception {
        Outcome single = run(1);
        assertThat(single.hashChains()).hasSize(TENANTS);
        assertThat(single.measurementsPerTenant()).hasSize(TENANTS)
                .allSatisfy((tenant, count) -> assertThat(count).isGreaterThanOrEqualTo(STEPS));

        Outcome replicated = run(2);
        System.out.printf("feed segments by replica %s; survivor owned every segment %.1f s after the kill%n",
                replicated.feedSegmentsByOwner(), replicated.takeover().toMillis() / 1000.0);
        assertThat(replicated.feedSegmentsByOwner()).as("feed segments by replica while both run")
                .hasSize(2).allSatisfy((owner, segments) -> assertThat(segments).isEqualTo(UpstreamFeeds.SEGMENTS / 2));
        assertThat(replicated.takeover()).as("time for the survivor to own every feed segment")
                .isLessThanOrEqualTo(TAKEOVER_LIMIT);
        assertThat(replicated.hashChains()).isEqualTo(single.hashChains());
        assertThat(replicated.measurementsPerTenant()).as("no tenant measured twice for a window")
                .isEqualTo(single.measurementsPerTenant());
    }

    private Outcome run(int replicas) throws Exception {
        Path runDirectory = directory.resolve("replicas-" + replicas);
        try (ProcessSuite suite = new ProcessSuite(runDirectory, 0, Map.of(), replicas).start(START)) {
            StepLoad load = suite.load(START, TENANTS);
            load.setUp();
            Map<String, Integer> sharing = awaitOwners(suite, replicas, UpstreamFeeds.SEGMENTS / replicas);
            load.measure(0);
            Duration takeover = Duration.ZERO;
            for (int step = 1; step <= STEPS; step++) {
                load.send(step, 0, load.size());
                if (step == KILL_AT_STEP && replicas > 1) {
                    suite.scoreReplicas.get(1).kill();
                    suite.usageReplicas.get(1).kill();
                    long killedAt = System.nanoTime();
                    awaitOwners(suite, 1, UpstreamFeeds.SEGMENTS);
                    takeover = Duration.ofNanos(System.nanoTime() - killedAt);
                }
                load.measure(step);
            }
            return new Outcome(load.hashChains(), measurements(suite), sharing, takeover);
        }
    }

    /** Waits until {@code owners} replicas own {@code each} feed segments each; returns the segments by owner. */
    private static Map<String, Integer> awaitOwners(ProcessSuite suite, int owners, int each) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, Integer> byOwner = Map.of();
        while (System.nanoTime() < deadline) {
            byOwner = countBy(suite, "css_score", "SELECT owner, count(*)::int FROM tokenentry"
                    + " WHERE processorname = ? AND owner IS NOT NULL GROUP BY owner", FEED);
            if (byOwner.size() == owners && byOwner.values().stream().allMatch(n -> n == each)) {
                return byOwner;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("feed segments never split as " + owners + " x " + each + ": " + byOwner);
    }

    /** usage-service's recorded measurements, per tenant, from its event store. */
    private static Map<String, Integer> measurements(ProcessSuite suite) throws SQLException {
        return countBy(suite, "css_usage", "SELECT aggregateidentifier, count(*)::int FROM domainevententry"
                + " WHERE payloadtype LIKE ? GROUP BY aggregateidentifier", "%MeasurementRecordedEvent");
    }

    private static Map<String, Integer> countBy(ProcessSuite suite, String database, String sql, String parameter)
            throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(suite.database.jdbcUrl(database), "postgres", null);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }
}
