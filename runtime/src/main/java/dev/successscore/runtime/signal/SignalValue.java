package dev.successscore.runtime.signal;

import java.math.BigDecimal;

/**
 * One signal of a {@link MeasurementRecordedEvent}; mirrors {@code successscore.signal.v1.Signal} with its
 * {@code Evidence}.
 *
 * @param key         catalog key, e.g. {@code license_activation}
 * @param type        how the score is derived from the evidence
 * @param score       integer 0..100, or {@code null} when the signal is not available (never read as 0)
 * @param numerator   evidence: numerator (RATIO) or current value (GROWTH); {@code null} when not applicable
 * @param denominator evidence: denominator (RATIO); {@code null} when not applicable
 * @param baseline    evidence: baseline (GROWTH); {@code null} when not applicable
 * @param note        a short human note, e.g. "30 active users of 40 licensed seats"; may be {@code null}
 */
public record SignalValue(String key, SignalKind type, Integer score, BigDecimal numerator, BigDecimal denominator,
                          BigDecimal baseline, String note) {
}
