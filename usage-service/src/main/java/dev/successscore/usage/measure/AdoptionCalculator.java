package dev.successscore.usage.measure;

import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalMath;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.usage.api.OrgLevel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Product Adoption signals, the adoption level and the engagement-drop rule of the scoring model (spec section
 * 3), computed from a window's {@link UsageFacts} in exact decimal arithmetic. Pure: the same facts always give the
 * same outcome.
 */
public final class AdoptionCalculator {

    public static final String LICENSE_ACTIVATION = "license_activation";
    public static final String DEPARTMENT_COVERAGE = "department_coverage";
    public static final String FEATURE_BREADTH = "feature_breadth";
    public static final String USAGE_FREQUENCY = "usage_frequency";
    public static final String EXECUTIVE_EXPOSURE = "executive_exposure";
    public static final String ACTIVE_USER_GROWTH = "active_user_growth";

    /** Active days of a user that count towards usage_frequency at most. */
    public static final int FREQUENCY_CAP_DAYS = 20;

    private AdoptionCalculator() {
    }

    public static AdoptionOutcome calculate(UsageFacts facts) {
        List<SignalValue> signals = new ArrayList<>();
        int active = facts.activeUsers().size();
        signals.add(licenseActivation(facts, active));
        signals.add(departmentCoverage(facts));
        signals.add(featureBreadth(facts));
        signals.add(usageFrequency(facts, active));
        signals.add(executiveExposure(facts));
        signals.add(activeUserGrowth(facts, active));
        Map<String, Integer> scores = new java.util.HashMap<>();
        signals.forEach(s -> scores.put(s.key(), s.score()));
        return new AdoptionOutcome(signals, level(active, scores), active, engagement(facts.engagement()));
    }

    private static SignalValue licenseActivation(UsageFacts facts, int active) {
        return ratio(LICENSE_ACTIVATION, active, facts.licensedSeats(),
                active + " active users of " + facts.licensedSeats() + " licensed seats");
    }

    private static SignalValue departmentCoverage(UsageFacts facts) {
        Set<String> covered = new TreeSet<>();
        for (UsageFacts.ActiveUser user : facts.activeUsers()) {
            if (user.registered() && facts.registeredDepartments().contains(user.department())) {
                covered.add(user.department());
            }
        }
        int registered = facts.registeredDepartments().size();
        return ratio(DEPARTMENT_COVERAGE, covered.size(), registered,
                covered.size() + " of " + registered + " departments with an active user");
    }

    private static SignalValue featureBreadth(UsageFacts facts) {
        Set<String> used = new TreeSet<>(facts.featuresUsed());
        used.retainAll(facts.enabledFeatures());
        int enabled = facts.enabledFeatures().size();
        return ratio(FEATURE_BREADTH, used.size(), enabled,
                used.size() + " of " + enabled + " enabled features used");
    }

    private static SignalValue usageFrequency(UsageFacts facts, int active) {
        long cappedDays = facts.activeUsers().stream()
                .mapToLong(u -> Math.min(u.activeDays(), FREQUENCY_CAP_DAYS)).sum();
        long possible = (long) FREQUENCY_CAP_DAYS * active;
        String note = active == 0 ? "no active user"
                : "mean " + BigDecimal.valueOf(cappedDays).divide(BigDecimal.valueOf(active), 2, RoundingMode.HALF_EVEN)
                  .stripTrailingZeros().toPlainString() + " of " + FREQUENCY_CAP_DAYS + " active days";
        return ratio(USAGE_FREQUENCY, cappedDays, possible, note);
    }

    private static SignalValue executiveExposure(UsageFacts facts) {
        Set<OrgLevel> levels = EnumSet.noneOf(OrgLevel.class);
        facts.activeUsers().stream().filter(UsageFacts.ActiveUser::registered)
                .forEach(u -> levels.add(u.orgLevel()));
        SignalMath.IndicatorOutcome outcome = switch (levels.size()) {
            case 3 -> SignalMath.IndicatorOutcome.FULL;
            case 2 -> SignalMath.IndicatorOutcome.PARTIAL;
            default -> SignalMath.IndicatorOutcome.NONE;
        };
        String note = levels.isEmpty() ? "no org level among active users"
                : "active org levels: " + String.join(", ", levels.stream().map(Enum::name).toList());
        return new SignalValue(EXECUTIVE_EXPOSURE, SignalKind.INDICATOR, SignalMath.indicator(outcome),
                BigDecimal.valueOf(levels.size()), BigDecimal.valueOf(3), null, note);
    }

    private static SignalValue activeUserGrowth(UsageFacts facts, int active) {
        List<BigDecimal> previous = facts.previousWindowsActive().stream()
                .map(n -> n == 0 ? null : BigDecimal.valueOf(n)).toList();
        BigDecimal baseline = SignalMath.baseline(previous);
        OptionalInt score = SignalMath.growth(BigDecimal.valueOf(active), baseline);
        String note = baseline == null ? "no previous window with active users"
                : active + " active users against a mean of " + plain(baseline.setScale(2, RoundingMode.HALF_EVEN));
        return new SignalValue(ACTIVE_USER_GROWTH, SignalKind.GROWTH, score.isPresent() ? score.getAsInt() : null,
                BigDecimal.valueOf(active), null, baseline == null ? null : baseline.stripTrailingZeros(), note);
    }

    /** The adoption level of spec section 3; a signal that is not available meets no threshold. */
    static SignalAdoptionLevel level(int activeUsers, Map<String, Integer> scores) {
        if (activeUsers == 0) {
            return SignalAdoptionLevel.NONE;
        }
        boolean deep = atLeast(scores, FEATURE_BREADTH, 70) && atLeast(scores, USAGE_FREQUENCY, 60)
                && atLeast(scores, LICENSE_ACTIVATION, 70) && atLeast(scores, EXECUTIVE_EXPOSURE, 100);
        if (deep) {
            return SignalAdoptionLevel.DEEP_ADOPTION;
        }
        if (atLeast(scores, FEATURE_BREADTH, 40) && atLeast(scores, USAGE_FREQUENCY, 40)) {
            return SignalAdoptionLevel.BASIC_ADOPTION;
        }
        return SignalAdoptionLevel.USAGE;
    }

    /** The engagement-drop rule: recent mean below half the baseline mean, with 90 days of history. */
    static EngagementReading engagement(UsageFacts.DailyActivity daily) {
        BigDecimal recentMean = mean(daily.recentUserDays(), AdoptionWindow.RECENT_DAYS);
        BigDecimal baselineMean = mean(daily.baselineUserDays(), AdoptionWindow.BASELINE_DAYS);
        if (!daily.baselineCovered()) {
            return new EngagementReading(false, false, recentMean, baselineMean);
        }
        // recent / 7 < 0.5 x baseline / 90, compared exactly in integers
        boolean dropped = daily.recentUserDays() * AdoptionWindow.BASELINE_DAYS * 2
                < daily.baselineUserDays() * AdoptionWindow.RECENT_DAYS;
        return new EngagementReading(true, dropped, recentMean, baselineMean);
    }

    private static BigDecimal mean(long sum, int days) {
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(days), 4, RoundingMode.HALF_EVEN);
    }

    private static boolean atLeast(Map<String, Integer> scores, String key, int threshold) {
        Integer score = scores.get(key);
        return score != null && score >= threshold;
    }

    private static SignalValue ratio(String key, long numerator, long denominator, String note) {
        OptionalInt score = SignalMath.ratio(BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator));
        return new SignalValue(key, SignalKind.RATIO, score.isPresent() ? score.getAsInt() : null,
                BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator), null, note);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
