package dev.successscore.score.policy;

import java.util.Optional;

/** The published policy versions. Versions are immutable, so a version read once stays valid. */
public interface PolicyCatalog {

    /** The latest published version. */
    ScoringPolicy current();

    /** A published version, if it exists. */
    Optional<ScoringPolicy> find(int version);

    /** A published version that must exist. */
    default ScoringPolicy version(int version) {
        return find(version).orElseThrow(() -> new IllegalStateException("policy v" + version + " is not published"));
    }
}
