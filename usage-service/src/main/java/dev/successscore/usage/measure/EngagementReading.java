package dev.successscore.usage.measure;

import java.math.BigDecimal;

/**
 * The engagement-drop rule applied to one measurement: the mean daily active users of the last 7 days below 50% of
 * the mean of the 90 days before them, for a tenant with 90 days of history.
 *
 * @param applicable   whether the tenant has the history the rule needs; when not, {@code dropped} is false
 * @param dropped      whether engagement has dropped
 * @param recentMean   mean daily active users of the last 7 complete days (4 decimals)
 * @param baselineMean mean daily active users of the 90 days before them (4 decimals)
 */
public record EngagementReading(boolean applicable, boolean dropped, BigDecimal recentMean, BigDecimal baselineMean) {
}
