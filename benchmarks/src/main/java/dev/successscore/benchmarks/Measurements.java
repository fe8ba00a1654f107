package dev.successscore.benchmarks;

import dev.successscore.score.api.AdoptionLevel;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.Evidence;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.SignalReading;
import dev.successscore.score.api.SignalType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic synthetic measurements shaped like the owning services' (seeded). */
final class Measurements {

    private final SplittableRandom random;

    Measurements(long seed) {
        random = new SplittableRandom(seed);
    }

    Measurement next(String tenantId, long sequence, Instant at) {
        String id = tenantId + "-" + sequence;
        return switch ((int) (sequence % 3)) {
            case 0 -> new Measurement(id, tenantId, Category.PRODUCT_ADOPTION, at, List.of(
                    ratio("license_activation"), ratio("department_coverage"), ratio("feature_breadth"),
                    ratio("usage_frequency"), signal("executive_exposure", SignalType.INDICATOR, 50 * random.nextInt(3)),
                    signal("active_user_growth", SignalType.GROWTH, random.nextInt(101))),
                    AdoptionLevel.BASIC_ADOPTION, "usage-service");
            case 1 -> new Measurement(id, tenantId, Category.CUSTOMER_EXPERTISE, at, List.of(
                    ratio("learner_coverage"), ratio("certification_coverage"),
                    signal("learning_recency", SignalType.INDICATOR, 50 * random.nextInt(3)),
                    signal("learning_growth", SignalType.GROWTH, random.nextInt(101))), null, "expertise-service");
            default -> new Measurement(id, tenantId, Category.TECHNICAL_HEALTH, at, List.of(
                    signal("performance", SignalType.DEDUCTION, 100 - 5 * random.nextInt(10)),
                    signal("reliability", SignalType.DEDUCTION, 100 - 5 * random.nextInt(10)),
                    signal("security", SignalType.DEDUCTION, 100 - 5 * random.nextInt(10)),
                    signal("limits", SignalType.DEDUCTION, 100 - 5 * random.nextInt(10))), null, "health-service");
        };
    }

    private SignalReading ratio(String key) {
        int denominator = 10 + random.nextInt(90);
        int numerator = random.nextInt(denominator + 1);
        int score = BigDecimal.valueOf(100L * numerator).divide(BigDecimal.valueOf(denominator), 0,
                java.math.RoundingMode.HALF_EVEN).intValue();
        return new SignalReading(key, SignalType.RATIO, score,
                new Evidence(BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator), null, key));
    }

    private static SignalReading signal(String key, SignalType type, int score) {
        return new SignalReading(key, type, score, new Evidence(null, null, null, key));
    }
}
