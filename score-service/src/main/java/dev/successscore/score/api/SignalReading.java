package dev.successscore.score.api;

/**
 * One signal of a category measurement.
 *
 * @param score integer 0..100, or null when the signal is not available (never read as 0)
 */
public record SignalReading(String key, SignalType type, Integer score, Evidence evidence) {

    public boolean available() {
        return score != null;
    }
}
