package dev.successscore.runtime.signal;

/**
 * The three categories of the Customer Success Score, each measured by one owning service; mirrors
 * {@code successscore.signal.v1.Category}.
 */
public enum SignalCategory {
    /** Measured by usage-service. */
    PRODUCT_ADOPTION,
    /** Measured by expertise-service. */
    CUSTOMER_EXPERTISE,
    /** Measured by health-service. */
    TECHNICAL_HEALTH
}
