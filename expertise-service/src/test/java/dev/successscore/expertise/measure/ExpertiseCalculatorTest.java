package dev.successscore.expertise.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.expertise.api.CreditKind;
import dev.successscore.expertise.api.CreditRecord;
import dev.successscore.expertise.roster.Roster;
import dev.successscore.runtime.signal.SignalValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Customer Expertise's signals on hand-computed tenants. */
class ExpertiseCalculatorTest {

    private static final Instant AT = Instant.parse("2026-03-02T12:00:00Z");
    private static final Roster TEN = new Roster(IntStream.range(0, 10).mapToObj(i -> "u" + i)
            .collect(Collectors.toSet()), AT, false);

    private static CreditRecord badge(String id, String user, int daysAgo) {
        return new CreditRecord(id, user, CreditKind.BADGE, "b", AT.minus(Duration.ofDays(daysAgo)), null, null);
    }

    private static CreditRecord cert(String id, String user, int daysAgo, Instant expiresAt) {
        return new CreditRecord(id, user, CreditKind.CERTIFICATION, "c", AT.minus(Duration.ofDays(daysAgo)), expiresAt,
                null);
    }

    private static Integer score(List<SignalValue> signals, String key) {
        return signals.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().score();
    }

    @Test
    void learnerCoverageCountsRosterUsersWithACreditInTheLastYear() {
        List<SignalValue> signals = ExpertiseCalculator.calculate(AT, TEN, List.of(badge("1", "u0", 10),
                badge("2", "u0", 20), badge("3", "u1", 364), badge("4", "u2", 366), badge("5", "stranger", 1)));
        // u0 and u1: 2 of 10
        assertThat(score(signals, ExpertiseCalculator.LEARNER_COVERAGE)).isEqualTo(20);
    }

    @Test
    void certificationCoverageIsFullMarksAtTwentyPercent() {
        Instant later = AT.plus(Duration.ofDays(100));
        List<SignalValue> one = ExpertiseCalculator.calculate(AT, TEN, List.of(cert("1", "u0", 10, later)));
        assertThat(score(one, ExpertiseCalculator.CERTIFICATION_COVERAGE)).isEqualTo(50);
        assertThat(one.get(1).denominator()).isEqualByComparingTo("2");
        List<SignalValue> three = ExpertiseCalculator.calculate(AT, TEN, List.of(cert("1", "u0", 10, later),
                cert("2", "u1", 10, null), cert("3", "u2", 10, later)));
        assertThat(score(three, ExpertiseCalculator.CERTIFICATION_COVERAGE)).isEqualTo(100);
    }

    @Test
    void anExpiredCertificationNoLongerCounts() {
        List<SignalValue> signals = ExpertiseCalculator.calculate(AT, TEN, List.of(cert("1", "u0", 400, AT),
                cert("2", "u1", 400, AT.plusMillis(1))));
        assertThat(score(signals, ExpertiseCalculator.CERTIFICATION_COVERAGE)).isEqualTo(50);
    }

    @Test
    void recencyIs100Within30Days50Within90And0Otherwise() {
        assertThat(score(ExpertiseCalculator.calculate(AT, TEN, List.of(badge("1", "u0", 29))),
                ExpertiseCalculator.LEARNING_RECENCY)).isEqualTo(100);
        assertThat(score(ExpertiseCalculator.calculate(AT, TEN, List.of(badge("1", "u0", 89))),
                ExpertiseCalculator.LEARNING_RECENCY)).isEqualTo(50);
        assertThat(score(ExpertiseCalculator.calculate(AT, TEN, List.of(badge("1", "u0", 91))),
                ExpertiseCalculator.LEARNING_RECENCY)).isZero();
        assertThat(score(ExpertiseCalculator.calculate(AT, TEN, List.of()),
                ExpertiseCalculator.LEARNING_RECENCY)).isZero();
    }

    @Test
    void growthComparesTheLast30DaysWithTheMonthlyMeanOfPreviousMonthsWithCredits() {
        List<CreditRecord> credits = new ArrayList<>();
        // 12 credits in month 2 (60-89 days ago), none in month 1, 15 in the last 30 days: 50 x 15 / 12 -> 62
        for (int i = 0; i < 12; i++) {
            credits.add(badge("old" + i, "u" + (i % 10), 70));
        }
        for (int i = 0; i < 15; i++) {
            credits.add(badge("new" + i, "u" + (i % 10), 5));
        }
        SignalValue growth = ExpertiseCalculator.calculate(AT, TEN, credits).get(3);
        assertThat(growth.score()).isEqualTo(62);
        assertThat(growth.baseline()).isEqualByComparingTo("12");
    }

    @Test
    void withoutARosterEverySignalIsNotAvailable() {
        List<SignalValue> signals = ExpertiseCalculator.calculate(AT, null, List.of(badge("1", "u0", 1)));
        assertThat(signals).hasSize(4).allSatisfy(s -> assertThat(s.score()).isNull());
    }

    @Test
    void anEmptyRosterMakesCoverageNotAvailableNotZero() {
        Roster empty = new Roster(Set.of(), AT, false);
        List<SignalValue> signals = ExpertiseCalculator.calculate(AT, empty, List.of(badge("1", "u0", 1)));
        assertThat(score(signals, ExpertiseCalculator.LEARNER_COVERAGE)).isNull();
        assertThat(score(signals, ExpertiseCalculator.CERTIFICATION_COVERAGE)).isNull();
    }

    @Test
    void aCachedRosterIsNamedWithItsAgeInTheEvidence() {
        Roster cached = new Roster(TEN.users(), AT.minus(Duration.ofHours(2)), true);
        List<SignalValue> signals = ExpertiseCalculator.calculate(AT, cached, List.of(badge("1", "u0", 1)));
        assertThat(signals.get(0).note()).contains("roster cached 120 minutes ago");
    }
}
