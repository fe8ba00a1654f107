package dev.successscore.score.policy;

import static dev.successscore.score.api.Category.CUSTOMER_EXPERTISE;
import static dev.successscore.score.api.Category.PRODUCT_ADOPTION;
import static dev.successscore.score.api.Category.TECHNICAL_HEALTH;

import java.util.List;

/** The default scoring model, spec v1, published on first start. */
public final class DefaultPolicy {

    /** The request id of the first publication, so that replicas starting together publish it once. */
    public static final String FIRST_PUBLICATION_REQUEST_ID = "default-policy-v1";

    private DefaultPolicy() {
    }

    /** Spec v1 as a proposal (version 0, not yet published). */
    public static ScoringPolicy specV1() {
        return new ScoringPolicy(
                0,
                List.of(
                        WeightTable.of(PRODUCT_ADOPTION, 50, CUSTOMER_EXPERTISE, 20, TECHNICAL_HEALTH, 30),
                        WeightTable.of(PRODUCT_ADOPTION, 70, CUSTOMER_EXPERTISE, 30)),
                List.of(
                        new CategorySignalWeights(PRODUCT_ADOPTION, List.of(
                                new SignalWeight("license_activation", 25),
                                new SignalWeight("department_coverage", 10),
                                new SignalWeight("feature_breadth", 25),
                                new SignalWeight("usage_frequency", 25),
                                new SignalWeight("executive_exposure", 15),
                                new SignalWeight("active_user_growth", 0))),
                        new CategorySignalWeights(CUSTOMER_EXPERTISE, List.of(
                                new SignalWeight("learner_coverage", 40),
                                new SignalWeight("certification_coverage", 30),
                                new SignalWeight("learning_recency", 15),
                                new SignalWeight("learning_growth", 15))),
                        new CategorySignalWeights(TECHNICAL_HEALTH, List.of(
                                new SignalWeight("performance", 25),
                                new SignalWeight("reliability", 25),
                                new SignalWeight("security", 25),
                                new SignalWeight("limits", 25)))),
                new Bands(50, 75),
                List.of(
                        new StalenessLimit(PRODUCT_ADOPTION, 60),
                        new StalenessLimit(CUSTOMER_EXPERTISE, 365),
                        new StalenessLimit(TECHNICAL_HEALTH, 30)),
                new AlertThresholds(10, 30),
                null,
                null,
                "Customer Success Score spec v1: 50/20/30, 70/30 without Technical Health");
    }
}
