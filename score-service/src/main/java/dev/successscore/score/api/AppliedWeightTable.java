package dev.successscore.score.api;

import java.util.List;

/**
 * The weight table a change used, and why.
 *
 * @param fromPolicyTable true when the policy holds a table for exactly this pattern
 */
public record AppliedWeightTable(
        List<Category> availableCategories,
        List<WeightShare> weights,
        boolean fromPolicyTable,
        String reason) {

    public AppliedWeightTable {
        availableCategories = List.copyOf(availableCategories);
        weights = List.copyOf(weights);
    }
}
