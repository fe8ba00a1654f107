package dev.successscore.score.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An engagement drop, or its recovery, detected by usage-service.
 *
 * @param dropped true for a drop, false for a recovery
 */
public record EngagementChange(
        String eventId,
        String tenantId,
        boolean dropped,
        Instant detectedAt,
        BigDecimal recentDailyActiveMean,
        BigDecimal baselineDailyActiveMean,
        String sourceService) {
}
