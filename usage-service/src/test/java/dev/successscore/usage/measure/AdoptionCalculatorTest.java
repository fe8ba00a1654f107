package dev.successscore.usage.measure;

import static dev.successscore.usage.measure.AdoptionCalculator.ACTIVE_USER_GROWTH;
import static dev.successscore.usage.measure.AdoptionCalculator.DEPARTMENT_COVERAGE;
import static dev.successscore.usage.measure.AdoptionCalculator.EXECUTIVE_EXPOSURE;
import static dev.successscore.usage.measure.AdoptionCalculator.FEATURE_BREADTH;
import static dev.successscore.usage.measure.AdoptionCalculator.LICENSE_ACTIVATION;
import static dev.successscore.usage.measure.AdoptionCalculator.USAGE_FREQUENCY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.score.api.Category;
import dev.successscore.score.feed.PublishedEvents;
import dev.successscore.score.policy.DefaultPolicy;
import dev.successscore.score.scoring.CategoryInput;
import dev.successscore.score.scoring.ScoreCalculator;
import dev.successscore.usage.api.OrgLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The adoption signals, level and engagement rule of spec section 3 on small hand-computed tenants. */
class AdoptionCalculatorTest {

    private static final UsageFacts.DailyActivity NO_HISTORY = new UsageFacts.DailyActivity(0, 0, false);
    private static final Set<String> TEN = Set.of("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10");
    private static final List<Integer> NO_PREVIOUS = Collections.nCopies(12, 0);

    /** Spec section 7: 40 seats, 30 active, 4 of 5 departments, 6 of 10 features, 12 days, all three levels. */
    static UsageFacts workedExample() {
        List<UsageFacts.ActiveUser> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            OrgLevel level = i == 0 ? OrgLevel.EXECUTIVE : i == 1 ? OrgLevel.MANAGER : OrgLevel.INDIVIDUAL_CONTRIBUTOR;
            users.add(new UsageFacts.ActiveUser("u" + i, 12, "d" + (i % 4), level));
        }
        return new UsageFacts(40, TEN, Set.of("f1", "f2", "f3", "f4", "f5", "f6"), users,
                Set.of("d0", "d1", "d2", "d3", "d4"), NO_PREVIOUS, NO_HISTORY);
    }

    private static Integer score(AdoptionOutcome outcome, String key) {
        return outcome.signals().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().score();
    }

    private static SignalValue signal(AdoptionOutcome outcome, String key) {
        return outcome.signals().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void workedExampleGivesTheSpecsSignalScores() {
        AdoptionOutcome outcome = AdoptionCalculator.calculate(workedExample());
        assertThat(score(outcome, LICENSE_ACTIVATION)).isEqualTo(75);
        assertThat(score(outcome, DEPARTMENT_COVERAGE)).isEqualTo(80);
        assertThat(score(outcome, FEATURE_BREADTH)).isEqualTo(60);
        assertThat(score(outcome, USAGE_FREQUENCY)).isEqualTo(60);
        assertThat(score(outcome, EXECUTIVE_EXPOSURE)).isEqualTo(100);
        assertThat(score(outcome, ACTIVE_USER_GROWTH)).isNull();
    }

    @Test
    void workedExampleScoresProductAdoption71Point8UnderTheDefaultPolicy() {
        AdoptionOutcome outcome = AdoptionCalculator.calculate(workedExample());
        MeasurementRecordedEvent event = new MeasurementRecordedEvent("m1", "t1", SignalCategory.PRODUCT_ADOPTION,
                Instant.parse("2026-03-02T12:00:00Z"), outcome.signals(), outcome.level(), "usage-service");
        var result = ScoreCalculator.compute(Map.of(Category.PRODUCT_ADOPTION,
                new CategoryInput(PublishedEvents.measurement(event), false)), DefaultPolicy.specV1());
        assertThat(result.categories().get(0).score()).isEqualByComparingTo("71.8");
    }

    @Test
    void evidenceCarriesNumeratorAndDenominator() {
        SignalValue license = signal(AdoptionCalculator.calculate(workedExample()), LICENSE_ACTIVATION);
        assertThat(license.numerator()).isEqualByComparingTo("30");
        assertThat(license.denominator()).isEqualByComparingTo("40");
        assertThat(license.note()).isEqualTo("30 active users of 40 licensed seats");
        SignalValue frequency = signal(AdoptionCalculator.calculate(workedExample()), USAGE_FREQUENCY);
        assertThat(frequency.numerator()).isEqualByComparingTo("360");
        assertThat(frequency.denominator()).isEqualByComparingTo("600");
    }

    @Test
    void usageFrequencyCapsEachUserAtTwentyDays() {
        // 28 days counts as 20, 5 days as 5: (20 + 5) / 40 = 62.5 -> 62 (half-even)
        UsageFacts facts = new UsageFacts(2, TEN, Set.of("f1"), List.of(
                new UsageFacts.ActiveUser("a", 28, "d", OrgLevel.MANAGER),
                new UsageFacts.ActiveUser("b", 5, "d", OrgLevel.MANAGER)), Set.of("d"), NO_PREVIOUS, NO_HISTORY);
        assertThat(score(AdoptionCalculator.calculate(facts), USAGE_FREQUENCY)).isEqualTo(62);
    }

    @Test
    void licenseActivationIsCappedAt100AndNotAvailableWithoutSeats() {
        List<UsageFacts.ActiveUser> three = List.of(new UsageFacts.ActiveUser("a", 1, null, null),
                new UsageFacts.ActiveUser("b", 1, null, null), new UsageFacts.ActiveUser("c", 1, null, null));
        UsageFacts overUsed = new UsageFacts(2, TEN, Set.of(), three, Set.of(), NO_PREVIOUS, NO_HISTORY);
        assertThat(score(AdoptionCalculator.calculate(overUsed), LICENSE_ACTIVATION)).isEqualTo(100);
        UsageFacts noSeats = new UsageFacts(0, TEN, Set.of(), three, Set.of(), NO_PREVIOUS, NO_HISTORY);
        assertThat(score(AdoptionCalculator.calculate(noSeats), LICENSE_ACTIVATION)).isNull();
    }

    @Test
    void unregisteredUsersCountAsActiveButNotForDepartmentsOrExposure() {
        UsageFacts facts = new UsageFacts(4, TEN, Set.of(), List.of(
                new UsageFacts.ActiveUser("known", 3, "sales", OrgLevel.EXECUTIVE),
                new UsageFacts.ActiveUser("stranger", 3, null, null)), Set.of("sales", "ops"), NO_PREVIOUS,
                NO_HISTORY);
        AdoptionOutcome outcome = AdoptionCalculator.calculate(facts);
        assertThat(score(outcome, LICENSE_ACTIVATION)).isEqualTo(50);
        assertThat(score(outcome, DEPARTMENT_COVERAGE)).isEqualTo(50);
        assertThat(score(outcome, EXECUTIVE_EXPOSURE)).isZero();
    }

    @Test
    void featuresOutsideTheCatalogDoNotCountForBreadth() {
        UsageFacts facts = new UsageFacts(1, Set.of("f1", "f2", "f3", "f4"), Set.of("f1", "legacy", "beta"),
                List.of(new UsageFacts.ActiveUser("a", 1, "d", OrgLevel.MANAGER)), Set.of("d"), NO_PREVIOUS,
                NO_HISTORY);
        assertThat(score(AdoptionCalculator.calculate(facts), FEATURE_BREADTH)).isEqualTo(25);
    }

    @Test
    void executiveExposureIs50ForTwoLevelsAnd0ForOne() {
        UsageFacts two = new UsageFacts(2, TEN, Set.of(), List.of(
                new UsageFacts.ActiveUser("a", 1, "d", OrgLevel.MANAGER),
                new UsageFacts.ActiveUser("b", 1, "d", OrgLevel.INDIVIDUAL_CONTRIBUTOR)), Set.of("d"), NO_PREVIOUS,
                NO_HISTORY);
        assertThat(score(AdoptionCalculator.calculate(two), EXECUTIVE_EXPOSURE)).isEqualTo(50);
        UsageFacts one = new UsageFacts(2, TEN, Set.of(), List.of(
                new UsageFacts.ActiveUser("a", 1, "d", OrgLevel.MANAGER),
                new UsageFacts.ActiveUser("b", 1, "d", OrgLevel.MANAGER)), Set.of("d"), NO_PREVIOUS, NO_HISTORY);
        assertThat(score(AdoptionCalculator.calculate(one), EXECUTIVE_EXPOSURE)).isZero();
    }

    @Test
    void growthComparesWithTheMeanOfPreviousWindowsThatHaveData() {
        // previous windows: 12 and 0 (no data) and 12 -> baseline 12; 15 active now -> 50 x 15 / 12 = 62.5 -> 62
        List<Integer> previous = new ArrayList<>(Collections.nCopies(12, 0));
        previous.set(9, 12);
        previous.set(11, 12);
        List<UsageFacts.ActiveUser> users = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            users.add(new UsageFacts.ActiveUser("u" + i, 1, null, null));
        }
        UsageFacts facts = new UsageFacts(20, TEN, Set.of(), users, Set.of(), previous, NO_HISTORY);
        SignalValue growth = signal(AdoptionCalculator.calculate(facts), ACTIVE_USER_GROWTH);
        assertThat(growth.score()).isEqualTo(62);
        assertThat(growth.baseline()).isEqualByComparingTo("12");
    }

    @Test
    void levelIsNoneWithoutActiveUsers() {
        UsageFacts facts = new UsageFacts(10, TEN, Set.of(), List.of(), Set.of("d"), NO_PREVIOUS, NO_HISTORY);
        AdoptionOutcome outcome = AdoptionCalculator.calculate(facts);
        assertThat(outcome.level()).isEqualTo(SignalAdoptionLevel.NONE);
        assertThat(score(outcome, USAGE_FREQUENCY)).isNull();
        assertThat(score(outcome, LICENSE_ACTIVATION)).isZero();
    }

    @Test
    void loginsOnlyIsUsage() {
        UsageFacts facts = new UsageFacts(10, TEN, Set.of(), List.of(
                new UsageFacts.ActiveUser("a", 20, "d", OrgLevel.MANAGER)), Set.of("d"), NO_PREVIOUS, NO_HISTORY);
        assertThat(AdoptionCalculator.calculate(facts).level()).isEqualTo(SignalAdoptionLevel.USAGE);
    }

    @Test
    void workedExampleIsBasicAdoption() {
        assertThat(AdoptionCalculator.calculate(workedExample()).level())
                .isEqualTo(SignalAdoptionLevel.BASIC_ADOPTION);
    }

    @Test
    void deepAdoptionNeedsBreadthFrequencyActivationAndAllLevels() {
        // 8 of 10 features (80), 14 days (70), 30 of 40 seats (75), three levels (100)
        List<UsageFacts.ActiveUser> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            OrgLevel level = OrgLevel.values()[i % 3];
            users.add(new UsageFacts.ActiveUser("u" + i, 14, "d", level));
        }
        Set<String> eight = Set.of("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8");
        UsageFacts deep = new UsageFacts(40, TEN, eight, users, Set.of("d"), NO_PREVIOUS, NO_HISTORY);
        assertThat(AdoptionCalculator.calculate(deep).level()).isEqualTo(SignalAdoptionLevel.DEEP_ADOPTION);
        // the same without executives is basic adoption
        List<UsageFacts.ActiveUser> noExecutives = users.stream()
                .filter(u -> u.orgLevel() != OrgLevel.EXECUTIVE).toList();
        UsageFacts basic = new UsageFacts(28, TEN, eight, noExecutives, Set.of("d"), NO_PREVIOUS, NO_HISTORY);
        assertThat(AdoptionCalculator.calculate(basic).level()).isEqualTo(SignalAdoptionLevel.BASIC_ADOPTION);
    }

    @Test
    void engagementDropsBelowHalfTheBaselineMean() {
        // baseline: 10 users a day for 90 days (mean 10); recent: 34 user-days over 7 (mean 4.857) < 5
        EngagementReading dropped = AdoptionCalculator.engagement(new UsageFacts.DailyActivity(34, 900, true));
        assertThat(dropped.applicable()).isTrue();
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.recentMean()).isEqualByComparingTo("4.8571");
        assertThat(dropped.baselineMean()).isEqualByComparingTo(BigDecimal.TEN);
    }

    @Test
    void engagementExactlyAtHalfTheBaselineHasNotDropped() {
        // recent mean 5 of baseline mean 10 is not below half
        assertThat(AdoptionCalculator.engagement(new UsageFacts.DailyActivity(35, 900, true)).dropped()).isFalse();
    }

    @Test
    void engagementNeedsNinetyDaysOfHistory() {
        EngagementReading reading = AdoptionCalculator.engagement(new UsageFacts.DailyActivity(0, 900, false));
        assertThat(reading.applicable()).isFalse();
        assertThat(reading.dropped()).isFalse();
    }
}
