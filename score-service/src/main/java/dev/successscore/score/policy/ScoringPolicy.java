package dev.successscore.score.policy;

import dev.successscore.score.api.Category;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A versioned scoring policy: everything the spec calls policy is data here, never a constant in code.
 * A published version is immutable.
 *
 * @param version assigned at publication; 0 in a proposal
 */
public record ScoringPolicy(
        int version,
        List<WeightTable> weightTables,
        List<CategorySignalWeights> signalWeights,
        Bands bands,
        List<StalenessLimit> stalenessLimits,
        AlertThresholds alertThresholds,
        Instant publishedAt,
        String publishedBy,
        String description) {

    public ScoringPolicy {
        weightTables = List.copyOf(weightTables);
        signalWeights = List.copyOf(signalWeights);
        stalenessLimits = List.copyOf(stalenessLimits);
    }

    /** The same policy as published under a version, at an instant, by someone. */
    public ScoringPolicy published(int newVersion, Instant at, String by) {
        return new ScoringPolicy(newVersion, weightTables, signalWeights, bands, stalenessLimits, alertThresholds,
                at, by, description);
    }

    /** The table held for exactly this availability pattern, if any. */
    public Optional<WeightTable> tableFor(Set<Category> pattern) {
        return weightTables.stream().filter(t -> t.pattern().equals(pattern)).findFirst();
    }

    /** The table of all three categories, which other patterns renormalise. */
    public WeightTable fullTable() {
        return tableFor(Set.of(Category.values())).orElseThrow(
                () -> new IllegalStateException("policy v" + version + " has no table for all categories"));
    }

    public List<SignalWeight> signalWeightsOf(Category category) {
        return signalWeights.stream().filter(s -> s.category() == category).findFirst()
                .map(CategorySignalWeights::weights).orElse(List.of());
    }

    public int stalenessDaysOf(Category category) {
        return stalenessLimits.stream().filter(s -> s.category() == category).mapToInt(StalenessLimit::limitDays)
                .findFirst().orElseThrow();
    }
}
