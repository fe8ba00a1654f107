package dev.successscore.score.scoring;

import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.adoption;
import static dev.successscore.score.Fixtures.expertise;
import static dev.successscore.score.Fixtures.health;
import static dev.successscore.score.api.Category.CUSTOMER_EXPERTISE;
import static dev.successscore.score.api.Category.PRODUCT_ADOPTION;
import static dev.successscore.score.api.Category.TECHNICAL_HEALTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.score.Fixtures;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.ScoreState;
import dev.successscore.score.api.SignalType;
import dev.successscore.score.api.WeightShare;
import dev.successscore.score.policy.DefaultPolicy;
import dev.successscore.score.policy.ScoringPolicy;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreCalculatorTest {

    private static final ScoringPolicy V1 = DefaultPolicy.specV1().published(1, T0, "test");

    private static Map<Category, CategoryInput> inputs(Measurement... measurements) {
        Map<Category, CategoryInput> inputs = new EnumMap<>(Category.class);
        for (Measurement m : measurements) {
            inputs.put(m.category(), new CategoryInput(m, false));
        }
        return inputs;
    }

    @Test
    void workedExampleProductAdoptionIs71Point8() {
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0)), V1);
        assertThat(r.categories().get(PRODUCT_ADOPTION.ordinal()).score()).isEqualByComparingTo("71.8");
    }

    @Test
    void workedExampleCompositeWithAllThreeCategoriesIs70Point9() {
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0), expertise("m2", T0),
                health("m3", T0, 90)), V1);
        assertThat(r.state()).isEqualTo(ScoreState.SCORED);
        assertThat(r.computedComposite()).isEqualByComparingTo("70.9");
        assertThat(r.computedComposite().scale()).isEqualTo(1);
        assertThat(V1.bands().bandOf(r.computedComposite()).name()).isEqualTo("NEEDS_ATTENTION");
    }

    @Test
    void withoutTechnicalHealthThe70To30TableGives62Point3() {
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0), expertise("m2", T0)), V1);
        assertThat(r.computedComposite()).isEqualByComparingTo("62.3");
        assertThat(r.weightTable().fromPolicyTable()).isTrue();
        assertThat(r.weightTable().weights()).extracting(WeightShare::weight)
                .usingElementComparator(java.math.BigDecimal::compareTo)
                .containsExactly(new java.math.BigDecimal("70"), new java.math.BigDecimal("30"));
    }

    @Test
    void otherPatternsRenormaliseTheFullTableProportionally() {
        // Adoption and Technical Health: 50/30 -> 62.5/37.5; (50*71.8 + 30*90) / 80 = 78.625 -> 78.6
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0), health("m3", T0, 90)), V1);
        assertThat(r.weightTable().fromPolicyTable()).isFalse();
        assertThat(r.weightTable().weights()).extracting(w -> w.weight().toPlainString())
                .containsExactly("62.50", "37.50");
        assertThat(r.computedComposite()).isEqualByComparingTo("78.6");
    }

    @Test
    void adoptionAloneIsTheComposite() {
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0)), V1);
        assertThat(r.computedComposite()).isEqualByComparingTo("71.8");
    }

    @Test
    void withoutProductAdoptionThereIsNoScore() {
        ScoreResult r = ScoreCalculator.compute(inputs(expertise("m2", T0), health("m3", T0, 90)), V1);
        assertThat(r.state()).isEqualTo(ScoreState.INSUFFICIENT_DATA);
        assertThat(r.computedComposite()).isNull();
        assertThat(r.insufficientDataReason()).contains("Product Adoption is not available");
    }

    @Test
    void expiredAdoptionMeansInsufficientData() {
        Map<Category, CategoryInput> in = inputs(expertise("m2", T0));
        in.put(PRODUCT_ADOPTION, new CategoryInput(adoption("m1", T0), true));
        ScoreResult r = ScoreCalculator.compute(in, V1);
        assertThat(r.state()).isEqualTo(ScoreState.INSUFFICIENT_DATA);
        assertThat(r.categories().get(0).unavailableReason()).startsWith("expired");
    }

    @Test
    void notAvailableIsNeverCountedAsZero() {
        // usage_frequency N/A: (25*75 + 10*80 + 25*60 + 15*100) / 75 = 75.67 -> 75.7 (as 0 it would be 56.8)
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0, 75, 80, 60, null, 100)), V1);
        assertThat(r.categories().get(0).score()).isEqualByComparingTo("75.7");
        var frequency = r.categories().get(0).signals().stream().filter(s -> s.key().equals("usage_frequency"))
                .findFirst().orElseThrow();
        assertThat(frequency.score()).isNull();
        assertThat(frequency.effectiveWeight()).isEqualByComparingTo("0");
    }

    @Test
    void aCategoryWithoutAnAvailableSignalIsNotAvailable() {
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0), health("m3", T0, null, null, null, null)),
                V1);
        assertThat(r.categories().get(TECHNICAL_HEALTH.ordinal()).available()).isFalse();
        assertThat(r.weightTable().availableCategories()).containsExactly(PRODUCT_ADOPTION);
    }

    @Test
    void categoryScoresRoundHalfEven() {
        // (90 + 90 + 90 + 91) / 4 = 90.25 -> 90.2 half-even (half-up would give 90.3)
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0), health("m3", T0, 90, 90, 90, 91)), V1);
        assertThat(r.categories().get(TECHNICAL_HEALTH.ordinal()).score()).isEqualByComparingTo("90.2");
    }

    @Test
    void theCompositeRoundsHalfEvenFromRoundedCategoryScores() {
        // Adoption 71.0, Expertise 38.5, 70/30: 49.7 + 11.55 = 61.25 -> 61.2 half-even (half-up: 61.3)
        Measurement pa = adoption("m1", T0, 71, null, null, null, null);
        Measurement ce = new Measurement("m2", Fixtures.TENANT, CUSTOMER_EXPERTISE, T0, List.of(
                Fixtures.signal("learning_recency", SignalType.INDICATOR, 38),
                Fixtures.signal("learning_growth", SignalType.GROWTH, 39)), null, "expertise-service");
        ScoreResult r = ScoreCalculator.compute(inputs(pa, ce), V1);
        assertThat(r.categories().get(CUSTOMER_EXPERTISE.ordinal()).score()).isEqualByComparingTo("38.5");
        assertThat(r.computedComposite()).isEqualByComparingTo("61.2");
    }

    @Test
    void contributionsAddUpToTheComposite() {
        ScoreResult r = ScoreCalculator.compute(inputs(adoption("m1", T0), expertise("m2", T0),
                health("m3", T0, 90)), V1);
        var sum = r.categories().stream().map(c -> c.contribution()).reduce(java.math.BigDecimal.ZERO,
                java.math.BigDecimal::add);
        assertThat(sum).isEqualByComparingTo("70.90");
    }

    @Test
    void signalsOutsideThePolicyWeighNothing() {
        Measurement pa = new Measurement("m1", Fixtures.TENANT, PRODUCT_ADOPTION, Instant.EPOCH, List.of(
                Fixtures.signal("license_activation", SignalType.RATIO, 80),
                Fixtures.signal("unknown_signal", SignalType.RATIO, 0)), null, "usage-service");
        ScoreResult r = ScoreCalculator.compute(inputs(pa), V1);
        assertThat(r.categories().get(0).score()).isEqualByComparingTo("80.0");
    }
}
