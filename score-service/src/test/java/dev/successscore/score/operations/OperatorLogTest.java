package dev.successscore.score.operations;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator log's rules: each recorded action is one event, as asked, whatever was recorded before. */
class OperatorLogTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final String OPERATOR = "ops@example.com";

    private AggregateTestFixture<OperatorLog> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(OperatorLog.class);
    }

    @Test
    void theFirstActionStartsTheLog() {
        fixture.givenNoPriorActivity()
                .when(new RecordFeedReplayCommand("usage-service", OPERATOR, T0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FeedReplayRequestedEvent("usage-service", OPERATOR, T0));
    }

    @Test
    void aRebuildIsAppendedAfterEarlierActions() {
        fixture.given(new FeedReplayRequestedEvent("usage-service", OPERATOR, T0),
                        new ReadModelsRebuildRequestedEvent(OPERATOR, T0.plusSeconds(60)))
                .when(new RecordReadModelsRebuildCommand("auditor@example.com", T0.plusSeconds(120)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ReadModelsRebuildRequestedEvent("auditor@example.com", T0.plusSeconds(120)));
    }

    @Test
    void theSameActionAskedTwiceIsRecordedTwice() {
        fixture.given(new FeedReplayRequestedEvent("usage-service", OPERATOR, T0))
                .when(new RecordFeedReplayCommand("usage-service", OPERATOR, T0))
                .expectEvents(new FeedReplayRequestedEvent("usage-service", OPERATOR, T0));
    }

    @Test
    void anActionNeedsWhoAskedAndAnUpstreamToReplay() {
        assertThatThrownBy(() -> new RecordFeedReplayCommand("usage-service", " ", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestedBy");
        assertThatThrownBy(() -> new RecordFeedReplayCommand("", OPERATOR, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upstream");
        assertThatThrownBy(() -> new RecordReadModelsRebuildCommand(OPERATOR, null))
                .isInstanceOf(NullPointerException.class);
    }
}
