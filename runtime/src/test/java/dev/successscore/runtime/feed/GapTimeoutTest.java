package dev.successscore.runtime.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.testing.TestDatabases;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured gap timeout decides whether a reader waits for a missing index below an old event. */
class GapTimeoutTest {

    private HikariDataSource dataSource;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabases.fresh();
        Migrations.migrateAxonSchema(dataSource);
        // index 2 is missing (a transaction still open, or rolled back); index 3 was created two hours ago
        insert(1, Instant.now().minus(Duration.ofHours(3)));
        insert(3, Instant.now().minus(Duration.ofHours(2)));
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    private void insert(long globalIndex, Instant timestamp) {
        AxonSetup.create(dataSource, Json.mapper()).jdbcTemplate().update("INSERT INTO domainevententry"
                        + " (globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,"
                        + " payloadrevision, payloadtype, timestamp) VALUES (?, ?, 0, 'Note', ?, ?, ?, null, ?, ?)",
                globalIndex, "note-" + globalIndex, "event-" + globalIndex, "{}".getBytes(StandardCharsets.UTF_8),
                "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8), FeedFixture.InternalNote.class.getName(),
                timestamp.toString());
    }

    private GapAwareTrackingToken tokenAfterReadingEverything(AxonSettings settings) {
        AxonSetup axon = AxonSetup.create(dataSource, Json.mapper(), settings);
        List<? extends TrackedEventMessage<?>> events = axon.newEventStorageEngine(null)
                .readEvents(null, false).collect(Collectors.toList());
        assertThat(events).hasSize(2);
        return (GapAwareTrackingToken) events.get(1).trackingToken();
    }

    @Test
    void withTheDefaultTimeoutAnIndexMissingBelowAnOldEventIsNotWaitedFor() {
        assertThat(tokenAfterReadingEverything(AxonSettings.defaults()).getGaps()).isEmpty();
    }

    @Test
    void aLongerTimeoutKeepsWaitingForIt() {
        AxonSettings patient = AxonSettings.defaults().withGapLimits(Duration.ofHours(4), 10_000);

        GapAwareTrackingToken token = tokenAfterReadingEverything(patient);

        assertThat(token.getIndex()).isEqualTo(3);
        assertThat(token.getGaps()).containsExactly(2L);
    }
}
