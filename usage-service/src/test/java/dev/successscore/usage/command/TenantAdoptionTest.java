package dev.successscore.usage.command;

import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.usage.api.RecordAdoptionCommand;
import dev.successscore.usage.measure.AdoptionOutcome;
import dev.successscore.usage.measure.EngagementReading;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** What TenantAdoption records, one rule per test. */
class TenantAdoptionTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration REFRESH = Duration.ofDays(30);
    private static final EngagementReading STEADY =
            new EngagementReading(true, false, BigDecimal.TEN, BigDecimal.TEN);
    private static final EngagementReading DROPPED =
            new EngagementReading(true, true, BigDecimal.ONE, BigDecimal.TEN);

    private AggregateTestFixture<TenantAdoption> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantAdoption.class);
    }

    private static AdoptionOutcome outcome(int license, Integer growth, EngagementReading engagement) {
        return new AdoptionOutcome(List.of(
                new SignalValue("license_activation", SignalKind.RATIO, license, BigDecimal.valueOf(license),
                        BigDecimal.valueOf(100), null, license + " of 100"),
                new SignalValue("active_user_growth", SignalKind.GROWTH, growth, null, null, null, null)),
                SignalAdoptionLevel.USAGE, license, engagement);
    }

    private static MeasurementRecordedEvent recorded(Instant at, AdoptionOutcome outcome) {
        return new MeasurementRecordedEvent(
                java.util.UUID.nameUUIDFromBytes(("adoption|acme|" + at).getBytes()).toString(), "acme",
                SignalCategory.PRODUCT_ADOPTION, at, outcome.signals(), outcome.level(), "usage-service");
    }

    private static org.hamcrest.Matcher<Object> engagementChange(boolean dropped) {
        return new org.hamcrest.CustomMatcher<>("an engagement change with dropped=" + dropped) {
            @Override
            public boolean matches(Object item) {
                return item instanceof EngagementChangedEvent e && e.dropped() == dropped
                        && e.tenantId().equals("acme");
            }
        };
    }

    @Test
    void firstMeasurementIsRecorded() {
        AdoptionOutcome outcome = outcome(75, null, STEADY);
        fixture.givenNoPriorActivity()
                .when(new RecordAdoptionCommand("acme", T0, outcome, REFRESH))
                .expectEvents(recorded(T0, outcome));
    }

    @Test
    void unchangedMeasurementIsNotRecorded() {
        AdoptionOutcome outcome = outcome(75, null, STEADY);
        fixture.given(recorded(T0, outcome))
                .when(new RecordAdoptionCommand("acme", T0.plus(Duration.ofDays(1)), outcome, REFRESH))
                .expectNoEvents();
    }

    @Test
    void evidenceOnlyChangeIsNotRecorded() {
        AdoptionOutcome before = outcome(75, null, STEADY);
        AdoptionOutcome sameScoreOtherNote = new AdoptionOutcome(List.of(
                new SignalValue("license_activation", SignalKind.RATIO, 75, BigDecimal.valueOf(301),
                        BigDecimal.valueOf(400), null, "301 of 400"),
                before.signals().get(1)), SignalAdoptionLevel.USAGE, 301, STEADY);
        fixture.given(recorded(T0, before))
                .when(new RecordAdoptionCommand("acme", T0.plusSeconds(60), sameScoreOtherNote, REFRESH))
                .expectNoEvents();
    }

    @Test
    void changedScoreIsRecorded() {
        AdoptionOutcome after = outcome(80, null, STEADY);
        Instant at = T0.plusSeconds(60);
        fixture.given(recorded(T0, outcome(75, null, STEADY)))
                .when(new RecordAdoptionCommand("acme", at, after, REFRESH))
                .expectEvents(recorded(at, after));
    }

    @Test
    void signalTurningAvailableIsRecorded() {
        AdoptionOutcome after = outcome(75, 50, STEADY);
        Instant at = T0.plusSeconds(60);
        fixture.given(recorded(T0, outcome(75, null, STEADY)))
                .when(new RecordAdoptionCommand("acme", at, after, REFRESH))
                .expectEvents(recorded(at, after));
    }

    @Test
    void unchangedMeasurementIsRecordedAgainAfterTheRefreshInterval() {
        AdoptionOutcome outcome = outcome(75, null, STEADY);
        Instant at = T0.plus(REFRESH);
        fixture.given(recorded(T0, outcome))
                .when(new RecordAdoptionCommand("acme", at, outcome, REFRESH))
                .expectEvents(recorded(at, outcome));
    }

    @Test
    void olderMeasurementNeverReplacesANewerOne() {
        fixture.given(recorded(T0, outcome(75, null, STEADY)))
                .when(new RecordAdoptionCommand("acme", T0.minusSeconds(1), outcome(10, null, STEADY), REFRESH))
                .expectNoEvents();
    }

    @Test
    void engagementDropIsRecordedAsItsOwnEvent() {
        AdoptionOutcome steady = outcome(75, null, STEADY);
        AdoptionOutcome dropped = outcome(75, null, DROPPED);
        fixture.given(recorded(T0, steady))
                .when(new RecordAdoptionCommand("acme", T0.plusSeconds(60), dropped, REFRESH))
                .expectEventsMatching(Matchers.exactSequenceOf(
                        Matchers.messageWithPayload(engagementChange(true)), Matchers.andNoMore()));
    }

    @Test
    void engagementDropIsNotRecordedTwice() {
        AdoptionOutcome dropped = outcome(75, null, DROPPED);
        fixture.given(recorded(T0, dropped), new EngagementChangedEvent("e1", "acme", true, T0, BigDecimal.ONE,
                        BigDecimal.TEN, "usage-service"))
                .when(new RecordAdoptionCommand("acme", T0.plusSeconds(60), dropped, REFRESH))
                .expectNoEvents();
    }

    @Test
    void recoveryAfterADropIsRecorded() {
        AdoptionOutcome steady = outcome(75, null, STEADY);
        fixture.given(recorded(T0, steady), new EngagementChangedEvent("e1", "acme", true, T0, BigDecimal.ONE,
                        BigDecimal.TEN, "usage-service"))
                .when(new RecordAdoptionCommand("acme", T0.plusSeconds(60), steady, REFRESH))
                .expectEventsMatching(Matchers.exactSequenceOf(
                        Matchers.messageWithPayload(engagementChange(false)), Matchers.andNoMore()));
    }
}
