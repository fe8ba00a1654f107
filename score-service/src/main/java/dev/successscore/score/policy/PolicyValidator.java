package dev.successscore.score.policy;

import dev.successscore.runtime.grpc.FieldViolation;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.score.api.Category;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a scoring policy must satisfy to be published or simulated. Violations name the
 * field at fault in the contract's terms (for example {@code policy.weight_tables[1].weights}).
 */
public final class PolicyValidator {

    private static final Pattern SIGNAL_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_STALENESS_DAYS = 3650;
    private static final int MAX_SIGNALS_PER_CATEGORY = 32;
    private static final int MAX_DESCRIPTION = 1000;

    private PolicyValidator() {
    }

    public static void requireValid(ScoringPolicy policy) {
        List<FieldViolation> violations = violations(policy);
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
    }

    public static List<FieldViolation> violations(ScoringPolicy p) {
        List<FieldViolation> v = new ArrayList<>();
        checkWeightTables(p.weightTables(), v);
        checkSignalWeights(p.signalWeights(), v);
        if (p.bands() == null) {
            v.add(new FieldViolation("policy.bands", "is required"));
        } else if (p.bands().needsAttentionFrom() <= 0 || p.bands().healthyFrom() <= p.bands().needsAttentionFrom()
                || p.bands().healthyFrom() > 100) {
            v.add(new FieldViolation("policy.bands",
                    "needs 0 < needs_attention_from < healthy_from <= 100"));
        }
        checkStaleness(p.stalenessLimits(), v);
        if (p.description() != null && p.description().length() > MAX_DESCRIPTION) {
            v.add(new FieldViolation("policy.description", "at most " + MAX_DESCRIPTION + " characters"));
        }
        if (p.weightTables().size() > 8) {
            v.add(new FieldViolation("policy.weight_tables", "at most 8 tables (one per availability pattern)"));
        }
        if (p.alertThresholds() == null) {
            v.add(new FieldViolation("policy.alert_thresholds", "is required"));
        } else {
            if (p.alertThresholds().scoreDropPoints() < 1 || p.alertThresholds().scoreDropPoints() > 100) {
                v.add(new FieldViolation("policy.alert_thresholds.score_drop_points", "must be 1..100"));
            }
            int lookback = p.alertThresholds().scoreDropLookbackDays();
            if (lookback < 1 || lookback > 365) {
                v.add(new FieldViolation("policy.alert_thresholds.score_drop_lookback_days", "must be 1..365"));
            }
        }
        return v;
    }

    private static void checkWeightTables(List<WeightTable> tables, List<FieldViolation> v) {
        if (tables.isEmpty()) {
            v.add(new FieldViolation("policy.weight_tables", "is required"));
            return;
        }
        Set<Set<Category>> patterns = new HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            String field = "policy.weight_tables[" + i + "].weights";
            WeightTable t = tables.get(i);
            int sum = 0;
            Set<Category> seen = EnumSet.noneOf(Category.class);
            for (int j = 0; j < t.weights().size(); j++) {
                CategoryWeight w = t.weights().get(j);
                if (w.category() == null) {
                    v.add(new FieldViolation(field + "[" + j + "].category", "must name a category"));
                } else if (!seen.add(w.category())) {
                    v.add(new FieldViolation(field + "[" + j + "].category", "appears twice in the table"));
                }
                if (w.weight() < 1 || w.weight() > 100) {
                    v.add(new FieldViolation(field + "[" + j + "].weight", "must be 1..100"));
                }
                sum += w.weight();
            }
            if (sum != 100) {
                v.add(new FieldViolation(field, "weights must sum to 100, not " + sum));
            }
            if (!seen.contains(Category.PRODUCT_ADOPTION)) {
                v.add(new FieldViolation(field, "every table needs PRODUCT_ADOPTION: without it there is no score"));
            }
            if (!patterns.add(seen)) {
                v.add(new FieldViolation(field, "a table for " + seen + " appears twice"));
            }
        }
        if (!patterns.contains(EnumSet.allOf(Category.class))) {
            v.add(new FieldViolation("policy.weight_tables", "a table of all three categories is required"));
        }
    }

    private static void checkSignalWeights(List<CategorySignalWeights> all, List<FieldViolation> v) {
        Set<Category> seen = EnumSet.noneOf(Category.class);
        for (int i = 0; i < all.size(); i++) {
            String field = "policy.signal_weights[" + i + "]";
            CategorySignalWeights c = all.get(i);
            if (c.category() == null) {
                v.add(new FieldViolation(field + ".category", "must name a category"));
                continue;
            }
            if (!seen.add(c.category())) {
                v.add(new FieldViolation(field + ".category", c.category() + " appears twice"));
            }
            if (c.weights().size() > MAX_SIGNALS_PER_CATEGORY) {
                v.add(new FieldViolation(field + ".weights", "at most " + MAX_SIGNALS_PER_CATEGORY + " signals"));
                continue;
            }
            int sum = 0;
            Set<String> keys = new HashSet<>();
            for (int j = 0; j < c.weights().size(); j++) {
                SignalWeight w = c.weights().get(j);
                String wf = field + ".weights[" + j + "]";
                if (w.signalKey() == null || !SIGNAL_KEY.matcher(w.signalKey()).matches()) {
                    v.add(new FieldViolation(wf + ".signal_key", "must match " + SIGNAL_KEY.pattern()));
                } else if (!keys.add(w.signalKey())) {
                    v.add(new FieldViolation(wf + ".signal_key", w.signalKey() + " appears twice"));
                }
                if (w.weight() < 0 || w.weight() > 100) {
                    v.add(new FieldViolation(wf + ".weight", "must be 0..100"));
                }
                sum += w.weight();
            }
            if (sum != 100) {
                v.add(new FieldViolation(field + ".weights", "weights must sum to 100, not " + sum));
            }
        }
        for (Category c : Category.values()) {
            if (!seen.contains(c)) {
                v.add(new FieldViolation("policy.signal_weights", "signal weights of " + c + " are required"));
            }
        }
    }

    private static void checkStaleness(List<StalenessLimit> limits, List<FieldViolation> v) {
        Set<Category> seen = EnumSet.noneOf(Category.class);
        for (int i = 0; i < limits.size(); i++) {
            StalenessLimit s = limits.get(i);
            String field = "policy.staleness_limits[" + i + "]";
            if (s.category() == null) {
                v.add(new FieldViolation(field + ".category", "must name a category"));
                continue;
            }
            if (!seen.add(s.category())) {
                v.add(new FieldViolation(field + ".category", s.category() + " appears twice"));
            }
            if (s.limitDays() < 1 || s.limitDays() > MAX_STALENESS_DAYS) {
                v.add(new FieldViolation(field + ".limit_days", "must be 1.." + MAX_STALENESS_DAYS));
            }
        }
        for (Category c : Category.values()) {
            if (!seen.contains(c)) {
                v.add(new FieldViolation("policy.staleness_limits", "a staleness limit of " + c + " is required"));
            }
        }
    }
}
