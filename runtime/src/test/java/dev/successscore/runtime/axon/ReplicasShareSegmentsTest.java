package dev.successscore.runtime.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.db.LiveReplicas;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas of a service on one database split a streaming processor's segments between them through the token
 * store, and one takes them all when the other leaves.
 */
class ReplicasShareSegmentsTest {

    private static final String GROUP = "shared-work";
    private static final int SEGMENTS = 4;

    private final List<AutoCloseable> open = new ArrayList<>();

    @ProcessingGroup(GROUP)
    static final class Handler {
        @EventHandler
        void on(WidgetRegistered event) {
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void twoReplicasClaimHalfTheSegmentsEachAndTheSurvivorClaimsAllWhenOneLeaves() {
        String url = TestDatabases.freshJdbcUrl();
        Replica first = start(url);
        JdbcTemplate jdbc = new JdbcTemplate(first.dataSource);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> owners(jdbc).equals(Map.of(first.nodeId, SEGMENTS)));

        Replica second = start(url);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> owners(jdbc).equals(Map.of(first.nodeId, 2, second.nodeId, 2)));

        second.configuration.shutdown();
        second.dataSource.close();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> owners(jdbc).equals(Map.of(first.nodeId, SEGMENTS)));
    }

    private record Replica(HikariDataSource dataSource, Configuration configuration, String nodeId) {
    }

    private Replica start(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        config.addDataSourceProperty("ApplicationName", LiveReplicas.applicationName("replica-test"));
        HikariDataSource dataSource = new HikariDataSource(config);
        open.add(dataSource);
        Migrations.migrateAxonSchema(dataSource);
        AxonSetup setup = AxonSetup.create(dataSource, Json.mapper());
        Configuration configuration = setup.configurer().eventProcessing(ep -> ep
                        .registerPooledStreamingEventProcessorConfiguration(GROUP,
                                (c, builder) -> builder.initialSegmentCount(SEGMENTS).tokenClaimInterval(500))
                        .registerEventHandler(c -> new Handler()))
                .buildConfiguration();
        configuration.start();
        open.add(configuration::shutdown);
        return new Replica(dataSource, configuration, setup.nodeId());
    }

    /** Segments claimed, by owner. */
    private static Map<String, Integer> owners(JdbcTemplate jdbc) {
        Map<String, Integer> owners = new TreeMap<>();
        jdbc.query("SELECT owner FROM tokenentry WHERE processorname = ? AND owner IS NOT NULL",
                rs -> {
                    owners.merge(rs.getString(1), 1, Integer::sum);
                }, GROUP);
        return owners;
    }
}
