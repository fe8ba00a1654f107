package dev.successscore.score.command;

import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.TENANT;
import static dev.successscore.score.Fixtures.adoption;
import static dev.successscore.score.Fixtures.expertise;
import static dev.successscore.score.Fixtures.health;
import static dev.successscore.score.command.ChangeMatchers.changes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.score.api.AlertKind;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.ApplyPolicyCommand;
import dev.successscore.score.api.Band;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.CauseType;
import dev.successscore.score.api.ClearOverrideCommand;
import dev.successscore.score.api.CommandOutcome;
import dev.successscore.score.api.EngagementChange;
import dev.successscore.score.api.ExpireStaleDataCommand;
import dev.successscore.score.api.OverrideValue;
import dev.successscore.score.api.RecordEngagementChangeCommand;
import dev.successscore.score.api.ScoreState;
import dev.successscore.score.api.SetOverrideCommand;
import dev.successscore.score.policy.DefaultPolicy;
import dev.successscore.score.policy.FixedPolicyCatalog;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.policy.WeightTable;
import dev.successscore.score.scoring.HashChain;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenant score aggregate's rules, one rule per test. */
class TenantScoreTest {

    private static final ScoringPolicy V1 = DefaultPolicy.specV1().published(1, T0.minus(Duration.ofDays(400)), "t");

    private AggregateTestFixture<TenantScore> fixture;
    private FixedPolicyCatalog policies;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantScore.class);
        policies = new FixedPolicyCatalog(V1);
        fixture.registerInjectableResource(policies);
    }

    private static ApplyMeasurementCommand measure(dev.successscore.score.api.Measurement m) {
        return new ApplyMeasurementCommand(TENANT, m);
    }

    private static Instant days(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    @Test
    void aFirstMeasurementStartsTheChainAtPositionOne() {
        fixture.givenNoPriorActivity()
                .when(measure(adoption("m1", T0)))
                .expectResultMessagePayload(CommandOutcome.CHANGED)
                .expectEventsMatching(changes(list -> {
                    assertThat(list).hasSize(1);
                    var c = list.get(0);
                    assertThat(c.position()).isEqualTo(1);
                    assertThat(c.previousHash()).isEmpty();
                    assertThat(c.cause().type()).isEqualTo(CauseType.MEASUREMENT);
                    assertThat(c.cause().sourceEventId()).isEqualTo("m1");
                    assertThat(c.composite()).isEqualByComparingTo("71.8");
                    assertThat(c.policyVersion()).isEqualTo(1);
                }));
    }

    @Test
    void eachChangeNamesThePreviousChangesHash() {
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(measure(expertise("m2", days(1))))
                .expectEventsMatching(changes(list -> {
                    var c = list.get(0);
                    assertThat(c.position()).isEqualTo(2);
                    assertThat(c.previousHash()).hasSize(64).isNotEqualTo(HashChain.hash(c));
                }));
    }

    @Test
    void aRedeliveredMeasurementChangesNothing() {
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(measure(adoption("m1", T0)))
                .expectResultMessagePayload(CommandOutcome.UNCHANGED)
                .expectNoEvents();
    }

    @Test
    void anOlderMeasurementThanTheCategoryHoldsChangesNothing() {
        fixture.givenCommands(measure(adoption("m2", days(2))))
                .when(measure(adoption("m1", days(1))))
                .expectNoEvents();
    }

    @Test
    void aMeasurementAtTheSameInstantAsTheOneHeldChangesNothing() {
        fixture.givenCommands(measure(adoption("m1", days(1))))
                .when(measure(adoption("m1-again", days(1), 10, 10, 10, 10, 0)))
                .expectResultMessagePayload(CommandOutcome.UNCHANGED)
                .expectNoEvents();
    }

    @Test
    void aMeasurementOlderThanItsStalenessLimitArrivesExpired() {
        fixture.givenCommands(measure(adoption("m1", days(40))), measure(expertise("m2", days(40))))
                .when(measure(health("m3", days(1), 90)))
                .expectEventsMatching(changes(list -> {
                    var health = list.get(0).category(Category.TECHNICAL_HEALTH);
                    assertThat(health.expired()).isTrue();
                    assertThat(health.available()).isFalse();
                    assertThat(list.get(0).composite()).isEqualByComparingTo("62.3");
                }));
    }

    @Test
    void technicalHealthOlderThan30DaysExpiresIntoThe70To30Table() {
        fixture.givenCommands(measure(adoption("m1", T0)), measure(expertise("m2", T0)),
                        measure(health("m3", T0, 90)))
                .when(new ExpireStaleDataCommand(TENANT, days(31)))
                .expectResultMessagePayload(CommandOutcome.CHANGED)
                .expectEventsMatching(changes(list -> {
                    assertThat(list).hasSize(1);
                    var c = list.get(0);
                    assertThat(c.cause().type()).isEqualTo(CauseType.STALENESS_EXPIRY);
                    assertThat(c.cause().category()).isEqualTo(Category.TECHNICAL_HEALTH);
                    assertThat(c.changeTime()).isEqualTo(days(30));
                    assertThat(c.weightTable().fromPolicyTable()).isTrue();
                    assertThat(c.weightTable().availableCategories())
                            .containsExactly(Category.PRODUCT_ADOPTION, Category.CUSTOMER_EXPERTISE);
                    assertThat(c.composite()).isEqualByComparingTo("62.3");
                }));
    }

    @Test
    void nothingExpiresBeforeItsLimit() {
        fixture.givenCommands(measure(adoption("m1", T0)), measure(health("m3", T0, 90)))
                .when(new ExpireStaleDataCommand(TENANT, days(29)))
                .expectResultMessagePayload(CommandOutcome.UNCHANGED)
                .expectNoEvents();
    }

    @Test
    void aCauseAfterAnExpiryRecordsTheExpiryFirst() {
        fixture.givenCommands(measure(adoption("m1", T0)), measure(health("m3", T0, 90)))
                .when(measure(expertise("m2", days(45))))
                .expectEventsMatching(changes(list -> {
                    assertThat(list).extracting(c -> c.cause().type())
                            .containsExactly(CauseType.STALENESS_EXPIRY, CauseType.MEASUREMENT);
                    assertThat(list.get(0).changeTime()).isEqualTo(days(30));
                }));
    }

    @Test
    void aCategoryTurningNotAvailableRaisesAnAlert() {
        fixture.givenCommands(measure(adoption("m1", T0)), measure(health("m3", T0, 90)))
                .when(new ExpireStaleDataCommand(TENANT, days(31)))
                .expectEventsMatching(changes(list -> assertThat(list.get(0).alertsRaised())
                        .anySatisfy(a -> {
                            assertThat(a.kind()).isEqualTo(AlertKind.CATEGORY_UNAVAILABLE);
                            assertThat(a.category()).isEqualTo(Category.TECHNICAL_HEALTH);
                        })));
    }

    @Test
    void aBandChangeRaisesAnAlert() {
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(measure(adoption("m2", days(1), 20, 20, 20, 20, 0)))
                .expectEventsMatching(changes(list -> {
                    var c = list.get(0);
                    assertThat(c.previousBand()).isEqualTo(Band.NEEDS_ATTENTION);
                    assertThat(c.band()).isEqualTo(Band.AT_RISK);
                    assertThat(c.alertsRaised()).extracting(a -> a.kind()).contains(AlertKind.BAND_CHANGE);
                }));
    }

    @Test
    void aDropOfTenPointsAgainstThirtyDaysEarlierRaisesAnAlert() {
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(measure(adoption("m2", days(31), 60, 80, 60, 60, 100)))
                .expectEventsMatching(changes(list -> {
                    // 71.8 -> (25*60 + 800 + 1500 + 1500 + 1500) / 100 = 68.0: a drop of 3.8, no alert
                    assertThat(list.get(0).alertsRaised()).noneMatch(a -> a.kind() == AlertKind.SCORE_DROP);
                }));
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(measure(adoption("m2", days(31), 40, 40, 60, 60, 100)))
                .expectEventsMatching(changes(list -> {
                    // (1000 + 400 + 1500 + 1500 + 1500) / 100 = 59.0: 12.8 below 71.8
                    assertThat(list.get(0).composite()).isEqualByComparingTo("59.0");
                    assertThat(list.get(0).alertsRaised()).anyMatch(a -> a.kind() == AlertKind.SCORE_DROP);
                }));
    }

    @Test
    void anEngagementDropRaisesAnAlert() {
        var drop = new EngagementChange("e1", TENANT, true, days(1), new BigDecimal("3.1"),
                new BigDecimal("10.4"), "usage-service");
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(new RecordEngagementChangeCommand(TENANT, drop))
                .expectEventsMatching(changes(list -> assertThat(list.get(0).alertsRaised())
                        .extracting(a -> a.kind()).containsExactly(AlertKind.ENGAGEMENT_DROP)));
    }

    @Test
    void anEarlierEngagementReportDeliveredAgainChangesNothing() {
        var drop = new EngagementChange("e1", TENANT, true, days(1), BigDecimal.ONE, BigDecimal.TEN, "usage-service");
        var recovery = new EngagementChange("e2", TENANT, false, days(3), BigDecimal.TEN, BigDecimal.TEN,
                "usage-service");
        fixture.givenCommands(measure(adoption("m1", T0)), new RecordEngagementChangeCommand(TENANT, drop),
                        new RecordEngagementChangeCommand(TENANT, recovery))
                .when(new RecordEngagementChangeCommand(TENANT, drop))
                .expectResultMessagePayload(CommandOutcome.UNCHANGED)
                .expectNoEvents();
    }

    @Test
    void anOverrideReplacesTheCompositeAndKeepsTheComputedOneVisible() {
        var override = new OverrideValue(new BigDecimal("80.0"), "csm@example.com", "renewal signed",
                days(1), days(10), "r1");
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(new SetOverrideCommand(TENANT, override))
                .expectEventsMatching(changes(list -> {
                    var c = list.get(0);
                    assertThat(c.composite()).isEqualByComparingTo("80.0");
                    assertThat(c.computedComposite()).isEqualByComparingTo("71.8");
                    assertThat(c.band()).isEqualTo(Band.HEALTHY);
                    assertThat(c.override().author()).isEqualTo("csm@example.com");
                }));
    }

    @Test
    void aRetriedOverrideIsAppliedOnce() {
        var override = new OverrideValue(new BigDecimal("80.0"), "a", "r", days(1), days(10), "r1");
        fixture.givenCommands(measure(adoption("m1", T0)), new SetOverrideCommand(TENANT, override))
                .when(new SetOverrideCommand(TENANT, override))
                .expectNoEvents();
    }

    @Test
    void anOverrideEndsByItselfAtItsExpiry() {
        var override = new OverrideValue(new BigDecimal("80.0"), "a", "r", days(1), days(10), "r1");
        fixture.givenCommands(measure(adoption("m1", T0)), new SetOverrideCommand(TENANT, override))
                .when(new ExpireStaleDataCommand(TENANT, days(11)))
                .expectEventsMatching(changes(list -> {
                    var c = list.get(0);
                    assertThat(c.cause().type()).isEqualTo(CauseType.OVERRIDE_EXPIRED);
                    assertThat(c.override()).isNull();
                    assertThat(c.composite()).isEqualByComparingTo("71.8");
                }));
    }

    @Test
    void anOverrideMustEndAfterItIsSet() {
        var override = new OverrideValue(new BigDecimal("80.0"), "a", "r", days(1), days(1), "r1");
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(new SetOverrideCommand(TENANT, override))
                .expectException(InvalidArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void clearingWithoutAnOverrideIsAFailedPrecondition() {
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(new ClearOverrideCommand(TENANT, "a", "r", days(1)))
                .expectException(FailedPreconditionException.class)
                .expectNoEvents();
    }

    @Test
    void aPublishedPolicyReScoresForward() {
        ScoringPolicy v2 = new ScoringPolicy(2, List.of(
                WeightTable.of(Category.PRODUCT_ADOPTION, 60, Category.CUSTOMER_EXPERTISE, 20,
                        Category.TECHNICAL_HEALTH, 20),
                WeightTable.of(Category.PRODUCT_ADOPTION, 70, Category.CUSTOMER_EXPERTISE, 30)),
                V1.signalWeights(), V1.bands(), V1.stalenessLimits(), V1.alertThresholds(), days(5), "admin", "v2");
        var given = fixture.givenCommands(measure(adoption("m1", T0)), measure(expertise("m2", T0)),
                measure(health("m3", T0, 90)));
        policies.add(v2);
        given.when(new ApplyPolicyCommand(TENANT, 2))
                .expectEventsMatching(changes(list -> {
                    var c = list.get(0);
                    assertThat(c.cause().type()).isEqualTo(CauseType.POLICY_PUBLICATION);
                    assertThat(c.cause().actor()).isEqualTo("admin");
                    assertThat(c.policyVersion()).isEqualTo(2);
                    // 0.6*71.8 + 0.2*40 + 0.2*90 = 69.08 -> 69.1
                    assertThat(c.composite()).isEqualByComparingTo("69.1");
                    assertThat(c.previousComposite()).isEqualByComparingTo("70.9");
                }));
    }

    @Test
    void aPolicyVersionAlreadyAppliedChangesNothing() {
        fixture.givenCommands(measure(adoption("m1", T0)))
                .when(new ApplyPolicyCommand(TENANT, 1))
                .expectResultMessagePayload(CommandOutcome.UNCHANGED)
                .expectNoEvents();
    }

    @Test
    void aMeasurementForAnotherTenantIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new ApplyMeasurementCommand("other", adoption("m1", T0)))
                .expectException(InvalidArgumentException.class);
    }

    @Test
    void aSignalScoreOutside0To100IsRefusedNamingTheField() {
        var m = adoption("m1", T0);
        var signals = new java.util.ArrayList<>(m.signals());
        signals.set(2, new dev.successscore.score.api.SignalReading("feature_breadth",
                dev.successscore.score.api.SignalType.RATIO, 101, dev.successscore.score.api.Evidence.NONE));
        var bad = new dev.successscore.score.api.Measurement(m.measurementId(), TENANT, m.category(),
                m.measuredAt(), signals, m.adoptionLevel(), m.sourceService());
        fixture.givenNoPriorActivity()
                .when(measure(bad))
                .expectNoEvents()
                .expectException(InvalidArgumentException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("measurement.signals[2].score"));
    }

    @Test
    void aMeasurementWithoutCategoryIsRefused() {
        var m = adoption("m1", T0);
        var bad = new dev.successscore.score.api.Measurement("m1", TENANT, null, m.measuredAt(), m.signals(),
                null, m.sourceService());
        fixture.givenNoPriorActivity()
                .when(measure(bad))
                .expectNoEvents()
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("measurement.category"));
    }

    @Test
    void withoutAdoptionTheStateIsInsufficientData() {
        fixture.givenNoPriorActivity()
                .when(measure(expertise("m2", T0)))
                .expectEventsMatching(changes(list -> {
                    assertThat(list.get(0).state()).isEqualTo(ScoreState.INSUFFICIENT_DATA);
                    assertThat(list.get(0).composite()).isNull();
                    assertThat(list.get(0).band()).isNull();
                }));
    }
}
