package dev.successscore.runtime.signal;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A tenant's daily active users fell sharply (or recovered), as detected by usage-service: published on its
 * {@linkplain dev.successscore.runtime.feed event feed}. Mirrors {@code successscore.signal.v1.EngagementChange}.
 *
 * @param eventId                  unique per change; consumers apply a change once
 * @param tenantId                 the tenant
 * @param dropped                  {@code true}: the mean daily active users of the last 7 days fell below 50% of the
 *                                 90 days before them; {@code false}: engagement recovered above that threshold
 * @param detectedAt               when the change was detected
 * @param recentDailyActiveMean    mean daily active users of the last 7 days
 * @param baselineDailyActiveMean  mean daily active users of the 90 days before them
 * @param sourceService            the service that detected it, e.g. {@code usage-service}
 */
@Revision("1")
public record EngagementChangedEvent(String eventId, String tenantId, boolean dropped, Instant detectedAt,
                                     BigDecimal recentDailyActiveMean, BigDecimal baselineDailyActiveMean,
                                     String sourceService) {
}
