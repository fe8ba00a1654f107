package dev.successscore.score.policy;

import dev.successscore.score.api.Category;
import java.util.List;

/** The weights of a category's signals; they sum to 100. */
public record CategorySignalWeights(Category category, List<SignalWeight> weights) {

    public CategorySignalWeights {
        weights = List.copyOf(weights);
    }
}
