package dev.successscore.score.policy;

import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A catalog of policies held in memory: for simulations and tests. */
public final class FixedPolicyCatalog implements PolicyCatalog {

    private final ConcurrentSkipListMap<Integer, ScoringPolicy> versions = new ConcurrentSkipListMap<>();

    public FixedPolicyCatalog(ScoringPolicy... policies) {
        for (ScoringPolicy p : policies) {
            add(p);
        }
    }

    public FixedPolicyCatalog add(ScoringPolicy policy) {
        versions.put(policy.version(), policy);
        return this;
    }

    @Override
    public ScoringPolicy current() {
        return versions.lastEntry().getValue();
    }

    @Override
    public Optional<ScoringPolicy> find(int version) {
        return Optional.ofNullable(versions.get(version));
    }
}
