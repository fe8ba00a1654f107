package dev.successscore.score.policy;

/** A drop of at least scoreDropPoints against the score scoreDropLookbackDays earlier raises an alert. */
public record AlertThresholds(int scoreDropPoints, int scoreDropLookbackDays) {
}
