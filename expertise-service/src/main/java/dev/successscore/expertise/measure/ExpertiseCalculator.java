package dev.successscore.expertise.measure;

import dev.successscore.expertise.api.CreditRecord;
import dev.successscore.expertise.roster.Roster;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalMath;
import dev.successscore.runtime.signal.SignalValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Customer Expertise's signals (spec section 3), from a tenant's credits (revoked ones left out) and its roster.
 * Pure. Without a roster ever received, every signal is not available: "users" is unknown, never 0.
 */
public final class ExpertiseCalculator {

    public static final String LEARNER_COVERAGE = "learner_coverage";
    public static final String CERTIFICATION_COVERAGE = "certification_coverage";
    public static final String LEARNING_RECENCY = "learning_recency";
    public static final String LEARNING_GROWTH = "learning_growth";

    /** A user with a credit earned in this period counts as a learner. */
    public static final Duration LEARNER_PERIOD = Duration.ofDays(365);
    /** Growth compares periods of this length ("months"). */
    public static final Duration MONTH = Duration.ofDays(30);
    /** A 20% certified user base is full marks. */
    public static final BigDecimal CERTIFIED_SHARE_FOR_FULL_MARKS = new BigDecimal("0.2");

    private ExpertiseCalculator() {
    }

    /**
     * @param roster  the roster used, {@code null} if none was ever received
     * @param credits the tenant's credits that are not revoked
     */
    public static List<SignalValue> calculate(Instant at, Roster roster, List<CreditRecord> credits) {
        if (roster == null) {
            String note = "no roster received from usage-service yet";
            return List.of(unavailable(LEARNER_COVERAGE, SignalKind.RATIO, note),
                    unavailable(CERTIFICATION_COVERAGE, SignalKind.RATIO, note),
                    unavailable(LEARNING_RECENCY, SignalKind.INDICATOR, note),
                    unavailable(LEARNING_GROWTH, SignalKind.GROWTH, note));
        }
        List<CreditRecord> earned = credits.stream().filter(c -> c.revokedAt() == null && !c.earnedAt().isAfter(at))
                .toList();
        String rosterNote = rosterNote(roster, at);
        return List.of(learnerCoverage(at, roster, earned, rosterNote), certificationCoverage(at, roster, earned,
                rosterNote), learningRecency(at, earned), learningGrowth(at, earned));
    }

    private static SignalValue learnerCoverage(Instant at, Roster roster, List<CreditRecord> earned, String note) {
        Set<String> learners = new HashSet<>();
        Instant since = at.minus(LEARNER_PERIOD);
        for (CreditRecord credit : earned) {
            if (credit.earnedAt().isAfter(since) && roster.users().contains(credit.userId())) {
                learners.add(credit.userId());
            }
        }
        BigDecimal numerator = BigDecimal.valueOf(learners.size());
        BigDecimal denominator = BigDecimal.valueOf(roster.users().size());
        return new SignalValue(LEARNER_COVERAGE, SignalKind.RATIO, score(SignalMath.ratio(numerator, denominator)),
                numerator, denominator, null,
                learners.size() + " of " + roster.users().size() + " users earned a credit in 365 days; " + note);
    }

    private static SignalValue certificationCoverage(Instant at, Roster roster, List<CreditRecord> earned,
                                                     String note) {
        Set<String> certified = new HashSet<>();
        for (CreditRecord credit : earned) {
            if (credit.certificationHeldAt(at) && roster.users().contains(credit.userId())) {
                certified.add(credit.userId());
            }
        }
        BigDecimal numerator = BigDecimal.valueOf(certified.size());
        BigDecimal denominator = CERTIFIED_SHARE_FOR_FULL_MARKS.multiply(BigDecimal.valueOf(roster.users().size()));
        return new SignalValue(CERTIFICATION_COVERAGE, SignalKind.RATIO,
                score(SignalMath.ratio(numerator, denominator)), numerator, denominator.stripTrailingZeros(), null,
                certified.size() + " of " + roster.users().size() + " users hold a certification (20% is full marks); "
                        + note);
    }

    private static SignalValue learningRecency(Instant at, List<CreditRecord> earned) {
        Optional<Instant> latest = earned.stream().map(CreditRecord::earnedAt).max(Instant::compareTo);
        SignalMath.IndicatorOutcome outcome;
        if (latest.isPresent() && latest.get().isAfter(at.minus(Duration.ofDays(30)))) {
            outcome = SignalMath.IndicatorOutcome.FULL;
        } else if (latest.isPresent() && latest.get().isAfter(at.minus(Duration.ofDays(90)))) {
            outcome = SignalMath.IndicatorOutcome.PARTIAL;
        } else {
            outcome = SignalMath.IndicatorOutcome.NONE;
        }
        return new SignalValue(LEARNING_RECENCY, SignalKind.INDICATOR, SignalMath.indicator(outcome), null, null, null,
                latest.map(l -> "latest credit earned " + l).orElse("no credit earned"));
    }

    private static SignalValue learningGrowth(Instant at, List<CreditRecord> earned) {
        long[] perMonth = new long[13];
        for (CreditRecord credit : earned) {
            long age = Duration.between(credit.earnedAt(), at).toMillis();
            int month = (int) (age / MONTH.toMillis());
            if (age >= 0 && month < perMonth.length) {
                perMonth[month]++;
            }
        }
        List<BigDecimal> previous = new ArrayList<>();
        for (int k = 12; k >= 1; k--) {
            previous.add(perMonth[k] == 0 ? null : BigDecimal.valueOf(perMonth[k]));
        }
        BigDecimal baseline = SignalMath.baseline(previous);
        BigDecimal current = BigDecimal.valueOf(perMonth[0]);
        return new SignalValue(LEARNING_GROWTH, SignalKind.GROWTH, score(SignalMath.growth(current, baseline)), current,
                null, baseline == null ? null : baseline.stripTrailingZeros(),
                baseline == null ? perMonth[0] + " credits in 30 days; no previous month with credits"
                        : perMonth[0] + " credits in 30 days against a monthly mean of "
                          + baseline.setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
    }

    private static String rosterNote(Roster roster, Instant at) {
        if (!roster.fromCache()) {
            return "roster from usage-service";
        }
        Duration age = roster.ageAt(at);
        return "roster cached " + age.toMinutes() + " minutes ago (usage-service unreachable)";
    }

    private static SignalValue unavailable(String key, SignalKind kind, String note) {
        return new SignalValue(key, kind, null, null, null, null, note);
    }

    private static Integer score(OptionalInt score) {
        return score.isPresent() ? score.getAsInt() : null;
    }
}
