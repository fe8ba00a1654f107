package dev.successscore.score.policy;

/** A signal's weight (0..100) within its category. */
public record SignalWeight(String signalKey, int weight) {
}
