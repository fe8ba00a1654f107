package dev.successscore.score;

import dev.successscore.score.api.AdoptionLevel;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.Evidence;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.SignalReading;
import dev.successscore.score.api.SignalType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A few tenants whose scores show the model at work: the spec's worked example, the 70/30
 * table, an at-risk tenant, a healthy one and one without Product Adoption. Until the owning
 * services publish their feeds, score-service loads them through its own commands.
 */
public final class DemoData {

    private DemoData() {
    }

    /** The demo measurements, measured just before {@code now}. */
    public static List<Measurement> measurements(Instant now) {
        Instant at = now.minus(Duration.ofHours(1));
        List<Measurement> all = new ArrayList<>();
        all.add(adoption("acme", at, 75, 80, 60, 60, 100, AdoptionLevel.BASIC_ADOPTION));
        all.add(expertise("acme", at, 40));
        all.add(health("acme", at, 90));
        all.add(adoption("globex", at, 75, 80, 60, 60, 100, AdoptionLevel.BASIC_ADOPTION));
        all.add(expertise("globex", at, 40));
        all.add(adoption("initech", at, 20, 25, 10, 15, 0, AdoptionLevel.USAGE));
        all.add(expertise("initech", at, 5));
        all.add(health("initech", at, 45));
        all.add(adoption("hooli", at, 95, 100, 80, 85, 100, AdoptionLevel.DEEP_ADOPTION));
        all.add(expertise("hooli", at, 70));
        all.add(health("hooli", at, 95));
        all.add(expertise("umbrella", at, 55));
        return all;
    }

    private static Measurement adoption(String tenant, Instant at, int activation, int departments, int breadth,
                                        int frequency, int exposure, AdoptionLevel level) {
        return new Measurement(tenant + "-adoption-1", tenant, Category.PRODUCT_ADOPTION, at, List.of(
                signal("license_activation", SignalType.RATIO, activation),
                signal("department_coverage", SignalType.RATIO, departments),
                signal("feature_breadth", SignalType.RATIO, breadth),
                signal("usage_frequency", SignalType.RATIO, frequency),
                signal("executive_exposure", SignalType.INDICATOR, exposure),
                new SignalReading("active_user_growth", SignalType.GROWTH, null, note("no baseline yet"))),
                level, "usage-service");
    }

    private static Measurement expertise(String tenant, Instant at, int learners) {
        return new Measurement(tenant + "-expertise-1", tenant, Category.CUSTOMER_EXPERTISE, at, List.of(
                signal("learner_coverage", SignalType.RATIO, learners)), null, "expertise-service");
    }

    private static Measurement health(String tenant, Instant at, int each) {
        return new Measurement(tenant + "-health-1", tenant, Category.TECHNICAL_HEALTH, at, List.of(
                signal("performance", SignalType.DEDUCTION, each), signal("reliability", SignalType.DEDUCTION, each),
                signal("security", SignalType.DEDUCTION, each), signal("limits", SignalType.DEDUCTION, each)),
                null, "health-service");
    }

    private static SignalReading signal(String key, SignalType type, int score) {
        return new SignalReading(key, type, score, new Evidence(BigDecimal.valueOf(score), BigDecimal.valueOf(100),
                null, "demo"));
    }

    private static Evidence note(String text) {
        return new Evidence(null, null, null, text);
    }
}
