package dev.successscore.score.scoring;

import dev.successscore.score.api.Alert;
import dev.successscore.score.api.AlertKind;
import dev.successscore.score.api.Band;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.Cause;
import dev.successscore.score.api.CauseType;
import dev.successscore.score.api.OverrideValue;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.policy.ScoringPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes the next change of a tenant's score from its state, a cause and a policy. Pure: the same
 * state, cause and policy always give the same change, which is what lets an auditor recompute it.
 */
public final class ChangeFactory {

    private ChangeFactory() {
    }

    public static ScoreChange next(TenantScoreState state, String tenantId, Cause cause, ScoringPolicy policy) {
        Instant changeTime = state.lastChangeTime() == null || cause.causeTime().isAfter(state.lastChangeTime())
                ? cause.causeTime() : state.lastChangeTime();
        ScoreResult result = ScoreCalculator.compute(state.inputsAfter(cause, changeTime, policy), policy);
        OverrideValue override = switch (cause.type()) {
            case OVERRIDE_SET -> cause.override();
            case OVERRIDE_CLEARED, OVERRIDE_EXPIRED -> null;
            default -> state.override();
        };
        BigDecimal computed = result.computedComposite();
        BigDecimal composite = override != null ? override.value() : computed;
        Band band = composite == null ? null : policy.bands().bandOf(composite);
        long position = state.position() + 1;

        List<Alert> raised = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        var alerts = new AlertWriter(tenantId, position, changeTime, state, raised, resolved);
        if (state.band() != null && band != null && state.band() != band) {
            alerts.resolve(AlertKind.BAND_CHANGE, null);
            alerts.raise(AlertKind.BAND_CHANGE, null, "band changed from " + state.band() + " to " + band
                    + " (composite " + state.composite() + " to " + composite + ")");
        }
        for (CategoryResult c : result.categories()) {
            if (c.available()) {
                alerts.resolve(AlertKind.CATEGORY_UNAVAILABLE, c.category());
            } else if (state.wasAvailable(c.category())) {
                alerts.raise(AlertKind.CATEGORY_UNAVAILABLE, c.category(),
                        c.category() + " turned not available: " + c.unavailableReason());
            }
        }
        if (composite != null) {
            int lookback = policy.alertThresholds().scoreDropLookbackDays();
            Optional<BigDecimal> earlier = state.compositeOnDayOf(changeTime.minus(Duration.ofDays(lookback)));
            BigDecimal points = BigDecimal.valueOf(policy.alertThresholds().scoreDropPoints());
            boolean dropped = earlier.isPresent() && earlier.get().subtract(composite).compareTo(points) >= 0;
            if (dropped && state.openAlert(AlertKind.SCORE_DROP, null).isEmpty()) {
                alerts.raise(AlertKind.SCORE_DROP, null, "composite " + composite + " is "
                        + earlier.get().subtract(composite) + " points below " + earlier.get() + ", the score "
                        + lookback + " days earlier");
            } else if (!dropped) {
                alerts.resolve(AlertKind.SCORE_DROP, null);
            }
        }
        if (cause.type() == CauseType.ENGAGEMENT_CHANGE) {
            var e = cause.engagement();
            if (e.dropped() && state.openAlert(AlertKind.ENGAGEMENT_DROP, null).isEmpty()) {
                alerts.raise(AlertKind.ENGAGEMENT_DROP, Category.PRODUCT_ADOPTION,
                        "mean daily active users of the last 7 days (" + e.recentDailyActiveMean()
                                + ") below half of the 90 days before them (" + e.baselineDailyActiveMean() + ")");
            } else if (!e.dropped()) {
                alerts.resolve(AlertKind.ENGAGEMENT_DROP, null);
            }
        }
        return new ScoreChange(tenantId, position, changeTime, cause, policy.version(), result.state(),
                result.insufficientDataReason(), composite, computed, state.composite(), band, state.band(),
                result.weightTable(), result.categories(), override, raised, resolved, state.lastHash());
    }

    /** Collects the alerts a change raises and resolves. */
    private record AlertWriter(String tenantId, long position, Instant at, TenantScoreState state,
                               List<Alert> raised, List<String> resolved) {

        void raise(AlertKind kind, Category category, String message) {
            String id = tenantId + ":" + position + ":" + kind + (category == null ? "" : ":" + category);
            raised.add(new Alert(id, kind, at, position, message, category));
        }

        void resolve(AlertKind kind, Category category) {
            state.openAlert(kind, category).ifPresent(a -> resolved.add(a.alertId()));
        }
    }
}
