package dev.successscore.score.policy;

import dev.successscore.score.api.Category;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The category weights for one availability pattern: exactly the categories it weighs. */
public record WeightTable(List<CategoryWeight> weights) {

    public WeightTable {
        weights = List.copyOf(weights);
    }

    public static WeightTable of(Object... categoryWeightPairs) {
        var list = new java.util.ArrayList<CategoryWeight>();
        for (int i = 0; i < categoryWeightPairs.length; i += 2) {
            list.add(new CategoryWeight((Category) categoryWeightPairs[i], (Integer) categoryWeightPairs[i + 1]));
        }
        return new WeightTable(list);
    }

    /** The availability pattern this table is for. */
    public Set<Category> pattern() {
        Set<Category> pattern = EnumSet.noneOf(Category.class);
        weights.forEach(w -> pattern.add(w.category()));
        return pattern;
    }

    public int weightOf(Category category) {
        return weights.stream().filter(w -> w.category() == category).mapToInt(CategoryWeight::weight).findFirst()
                .orElse(0);
    }
}
