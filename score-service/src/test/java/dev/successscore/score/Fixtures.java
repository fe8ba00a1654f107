package dev.successscore.score;

import dev.successscore.score.api.AdoptionLevel;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.Evidence;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.SignalReading;
import dev.successscore.score.api.SignalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Measurements of the spec's worked example (section 7) and small variations of it. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    public static final String TENANT = "acme";

    private Fixtures() {
    }

    public static SignalReading signal(String key, SignalType type, Integer score) {
        return new SignalReading(key, type, score, new Evidence(null, null, null, key));
    }

    public static SignalReading ratio(String key, Integer score, String numerator, String denominator) {
        return new SignalReading(key, SignalType.RATIO, score,
                new Evidence(new BigDecimal(numerator), new BigDecimal(denominator), null, key));
    }

    /** Spec section 7: 75, 80, 60, 60, 100 and no growth baseline. */
    public static Measurement adoption(String id, Instant at) {
        return adoption(id, at, 75, 80, 60, 60, 100);
    }

    public static Measurement adoption(String id, Instant at, Integer activation, Integer departments,
                                       Integer breadth, Integer frequency, Integer exposure) {
        return new Measurement(id, TENANT, Category.PRODUCT_ADOPTION, at, List.of(
                ratio("license_activation", activation, "30", "40"),
                ratio("department_coverage", departments, "4", "5"),
                ratio("feature_breadth", breadth, "6", "10"),
                ratio("usage_frequency", frequency, "12", "20"),
                signal("executive_exposure", SignalType.INDICATOR, exposure),
                signal("active_user_growth", SignalType.GROWTH, null)),
                AdoptionLevel.BASIC_ADOPTION, "usage-service");
    }

    /** Customer Expertise of 40.0: learner coverage 40, the other signals not available. */
    public static Measurement expertise(String id, Instant at) {
        return expertise(id, at, 40);
    }

    public static Measurement expertise(String id, Instant at, int learnerCoverage) {
        return new Measurement(id, TENANT, Category.CUSTOMER_EXPERTISE, at, List.of(
                ratio("learner_coverage", learnerCoverage, "40", "100"),
                signal("certification_coverage", SignalType.RATIO, null),
                signal("learning_recency", SignalType.INDICATOR, null),
                signal("learning_growth", SignalType.GROWTH, null)),
                null, "expertise-service");
    }

    /** Technical Health with the same deduction score in each subcategory. */
    public static Measurement health(String id, Instant at, int each) {
        return health(id, at, each, each, each, each);
    }

    public static Measurement health(String id, Instant at, Integer performance, Integer reliability,
                                     Integer security, Integer limits) {
        List<SignalReading> signals = new ArrayList<>();
        signals.add(signal("performance", SignalType.DEDUCTION, performance));
        signals.add(signal("reliability", SignalType.DEDUCTION, reliability));
        signals.add(signal("security", SignalType.DEDUCTION, security));
        signals.add(signal("limits", SignalType.DEDUCTION, limits));
        return new Measurement(id, TENANT, Category.TECHNICAL_HEALTH, at, signals, null, "health-service");
    }
}
