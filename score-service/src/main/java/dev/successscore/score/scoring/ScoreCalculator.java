package dev.successscore.score.scoring;

import dev.successscore.score.api.AppliedWeightTable;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.Evidence;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.ScoreState;
import dev.successscore.score.api.SignalReading;
import dev.successscore.score.api.SignalResult;
import dev.successscore.score.api.WeightShare;
import dev.successscore.score.policy.CategoryWeight;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.policy.SignalWeight;
import dev.successscore.score.policy.WeightTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scoring model of spec sections 1 to 4, in exact decimal arithmetic with half-even rounding.
 *
 * <p>A category score is the weighted mean of its available signals, rounded to one decimal. The
 * composite is the weighted mean of the rounded category scores, with the weight table of the
 * availability pattern (or the full table renormalised over the available categories), rounded to
 * one decimal. Not-available is never 0: an unavailable signal's or category's weight is shared out.
 */
public final class ScoreCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int SCORE_SCALE = 1;
    private static final int SHARE_SCALE = 2;

    private ScoreCalculator() {
    }

    public static ScoreResult compute(Map<Category, CategoryInput> inputs, ScoringPolicy policy) {
        List<CategoryResult> scored = new ArrayList<>();
        for (Category category : Category.values()) {
            scored.add(scoreCategory(category, inputs.get(category), policy));
        }
        Set<Category> available = scored.stream().filter(CategoryResult::available).map(CategoryResult::category)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class)));
        if (!available.contains(Category.PRODUCT_ADOPTION)) {
            String reason = "Product Adoption is not available (" + scored.get(0).unavailableReason()
                    + "): no composite without it";
            var table = new AppliedWeightTable(List.copyOf(available), List.of(), false, reason);
            return new ScoreResult(ScoreState.INSUFFICIENT_DATA, reason, null, table, scored);
        }
        Optional<WeightTable> own = policy.tableFor(available);
        WeightTable table = own.orElseGet(() -> restrict(policy.fullTable(), available));
        BigDecimal weightSum = BigDecimal.valueOf(table.weights().stream().mapToInt(CategoryWeight::weight).sum());
        BigDecimal weighted = BigDecimal.ZERO;
        Map<Category, BigDecimal> shares = new LinkedHashMap<>();
        for (CategoryWeight w : table.weights()) {
            BigDecimal weight = BigDecimal.valueOf(w.weight());
            weighted = weighted.add(weight.multiply(scored.get(w.category().ordinal()).score()));
            shares.put(w.category(), weight.multiply(HUNDRED).divide(weightSum, SHARE_SCALE, RoundingMode.HALF_EVEN));
        }
        BigDecimal composite = weighted.divide(weightSum, SCORE_SCALE, RoundingMode.HALF_EVEN);
        List<CategoryResult> withShares = new ArrayList<>();
        for (CategoryResult c : scored) {
            BigDecimal share = shares.getOrDefault(c.category(), BigDecimal.ZERO.setScale(SHARE_SCALE));
            BigDecimal contribution = c.available()
                    ? BigDecimal.valueOf(table.weightOf(c.category())).multiply(c.score())
                            .divide(weightSum, SHARE_SCALE, RoundingMode.HALF_EVEN)
                    : null;
            withShares.add(new CategoryResult(c.category(), c.available(), c.score(), share, contribution,
                    c.unavailableReason(), c.measurementId(), c.measuredAt(), c.expired(), c.expiresAt(), c.sourceService(),
                    c.adoptionLevel(), c.signals()));
        }
        List<WeightShare> applied = shares.entrySet().stream().map(e -> new WeightShare(e.getKey(), e.getValue()))
                .toList();
        var appliedTable = new AppliedWeightTable(List.copyOf(available), applied, own.isPresent(),
                tableReason(available, own.isPresent()));
        return new ScoreResult(ScoreState.SCORED, null, composite, appliedTable, withShares);
    }

    private static WeightTable restrict(WeightTable full, Set<Category> available) {
        return new WeightTable(full.weights().stream().filter(w -> available.contains(w.category())).toList());
    }

    private static String tableReason(Set<Category> available, boolean fromPolicyTable) {
        Set<Category> missing = EnumSet.complementOf(EnumSet.copyOf(available));
        String pattern = missing.isEmpty() ? "all categories available"
                : missing.stream().map(Enum::name).collect(Collectors.joining(", ")) + " not available";
        return fromPolicyTable
                ? pattern + ": the policy's table for " + available + " applies"
                : pattern + ": no policy table for " + available
                        + ", so the full table is renormalised over the available categories";
    }

    static CategoryResult scoreCategory(Category category, CategoryInput input, ScoringPolicy policy) {
        Measurement m = input == null ? null : input.measurement();
        Map<String, Integer> policyWeights = new LinkedHashMap<>();
        for (SignalWeight w : policy.signalWeightsOf(category)) {
            policyWeights.put(w.signalKey(), w.weight());
        }
        List<SignalReading> readings = new ArrayList<>(m == null ? List.of() : m.signals());
        Set<String> reported = readings.stream().map(SignalReading::key).collect(Collectors.toSet());
        policyWeights.keySet().stream().filter(k -> !reported.contains(k))
                .forEach(k -> readings.add(new SignalReading(k, null, null, Evidence.NONE)));

        BigDecimal weightSum = BigDecimal.ZERO;
        BigDecimal weighted = BigDecimal.ZERO;
        for (SignalReading r : readings) {
            int weight = policyWeights.getOrDefault(r.key(), 0);
            if (r.available() && weight > 0) {
                weightSum = weightSum.add(BigDecimal.valueOf(weight));
                weighted = weighted.add(BigDecimal.valueOf((long) weight * r.score()));
            }
        }
        boolean measuredAndFresh = m != null && !input.expired();
        boolean available = measuredAndFresh && weightSum.signum() > 0;
        List<SignalResult> signals = new ArrayList<>();
        for (SignalReading r : readings) {
            int weight = policyWeights.getOrDefault(r.key(), 0);
            boolean counts = available && r.available() && weight > 0;
            BigDecimal w = BigDecimal.valueOf(weight);
            signals.add(new SignalResult(r.key(), r.type(), r.score(), w,
                    counts ? w.multiply(HUNDRED).divide(weightSum, SHARE_SCALE, RoundingMode.HALF_EVEN)
                            : BigDecimal.ZERO.setScale(SHARE_SCALE),
                    counts ? w.multiply(BigDecimal.valueOf(r.score())).divide(weightSum, SHARE_SCALE,
                            RoundingMode.HALF_EVEN) : null,
                    r.evidence()));
        }
        String reason = null;
        if (m == null) {
            reason = "no measurement";
        } else if (input.expired()) {
            reason = "expired: measured at " + m.measuredAt() + ", older than its staleness limit of "
                    + policy.stalenessDaysOf(category) + " days";
        } else if (!available) {
            reason = "no available signal with a weight";
        }
        BigDecimal score = available ? weighted.divide(weightSum, SCORE_SCALE, RoundingMode.HALF_EVEN) : null;
        return new CategoryResult(category, available, score, BigDecimal.ZERO.setScale(SHARE_SCALE), null, reason,
                m == null ? null : m.measurementId(),
                m == null ? null : m.measuredAt(),
                m != null && input.expired(),
                m == null ? null : m.measuredAt().plus(Duration.ofDays(policy.stalenessDaysOf(category))),
                m == null ? null : m.sourceService(),
                m == null ? null : m.adoptionLevel(),
                signals);
    }
}
