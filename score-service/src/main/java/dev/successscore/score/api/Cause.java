package dev.successscore.score.api;

import java.time.Instant;

/**
 * What caused a score change, with everything needed to recompute the change from it.
 *
 * @param sourceService the service the cause came from
 * @param sourceEventId the id of the source event: measurement id, policy version, request id, ...
 * @param causeTime the instant of the cause: measure time, expiry instant, publication time, ...
 * @param actor the person behind a publication or an override, else null
 * @param category the category of a measurement or expiry, else null
 * @param measurement the measurement applied, for {@link CauseType#MEASUREMENT}
 * @param override the override set, for {@link CauseType#OVERRIDE_SET}
 * @param policyVersion the version published, for {@link CauseType#POLICY_PUBLICATION}
 * @param engagement the engagement change, for {@link CauseType#ENGAGEMENT_CHANGE}
 */
public record Cause(
        CauseType type,
        String sourceService,
        String sourceEventId,
        Instant causeTime,
        String actor,
        String reason,
        Category category,
        Measurement measurement,
        OverrideValue override,
        Integer policyVersion,
        EngagementChange engagement) {

    public static final String SCORE_SERVICE = "score-service";

    public static Cause measurement(Measurement m) {
        return new Cause(CauseType.MEASUREMENT, m.sourceService(), m.measurementId(), m.measuredAt(),
                null, null, m.category(), m, null, null, null);
    }

    public static Cause expiry(Category category, String measurementId, Instant expiredAt, int limitDays) {
        return new Cause(CauseType.STALENESS_EXPIRY, SCORE_SERVICE, measurementId, expiredAt, null,
                "measurement older than its staleness limit of " + limitDays + " days", category,
                null, null, null, null);
    }

    public static Cause policyPublication(int version, Instant publishedAt, String publishedBy, String description) {
        return new Cause(CauseType.POLICY_PUBLICATION, SCORE_SERVICE, "policy-v" + version, publishedAt,
                publishedBy, description, null, null, null, version, null);
    }

    public static Cause overrideSet(OverrideValue o) {
        return new Cause(CauseType.OVERRIDE_SET, SCORE_SERVICE, o.requestId(), o.setAt(), o.author(), o.reason(),
                null, null, o, null, null);
    }

    public static Cause overrideCleared(String requestId, Instant clearedAt, String author, String reason) {
        return new Cause(CauseType.OVERRIDE_CLEARED, SCORE_SERVICE, requestId, clearedAt, author, reason,
                null, null, null, null, null);
    }

    public static Cause overrideExpired(OverrideValue o) {
        return new Cause(CauseType.OVERRIDE_EXPIRED, SCORE_SERVICE, o.requestId(), o.expiresAt(), null,
                "override reached its expiry", null, null, null, null, null);
    }

    public static Cause engagement(EngagementChange e) {
        return new Cause(CauseType.ENGAGEMENT_CHANGE, e.sourceService(), e.eventId(), e.detectedAt(), null,
                e.dropped() ? "engagement dropped" : "engagement recovered", Category.PRODUCT_ADOPTION,
                null, null, null, e);
    }
}
