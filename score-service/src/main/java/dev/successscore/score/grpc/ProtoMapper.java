package dev.successscore.score.grpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.successscore.score.api.Alert;
import dev.successscore.score.api.AppliedWeightTable;
import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.Cause;
import dev.successscore.score.api.Evidence;
import dev.successscore.score.api.OverrideValue;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreChangedEvent;
import dev.successscore.score.api.SignalResult;
import dev.successscore.score.api.WeightShare;
import dev.successscore.score.policy.AlertThresholds;
import dev.successscore.score.policy.Bands;
import dev.successscore.score.policy.CategorySignalWeights;
import dev.successscore.score.policy.CategoryWeight;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.policy.SignalWeight;
import dev.successscore.score.policy.StalenessLimit;
import dev.successscore.score.policy.WeightTable;
import dev.successscore.score.query.CurrentScore;
import dev.successscore.score.verify.SimulatedPoint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import successscore.score.v1.AlertKind;
import successscore.score.v1.AppliedCategoryWeight;
import successscore.score.v1.Band;
import successscore.score.v1.CauseType;
import successscore.score.v1.Override;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreState;
import successscore.signal.v1.AdoptionLevel;
import successscore.signal.v1.Category;
import successscore.signal.v1.SignalType;

/** Maps score-service's domain records to and from the published contract. */
public final class ProtoMapper {

    private ProtoMapper() {
    }

    // ---- enums: the contract prefixes each value with its enum's name ----

    public static Category toProto(dev.successscore.score.api.Category c) {
        return c == null ? Category.CATEGORY_UNSPECIFIED : Category.valueOf("CATEGORY_" + c.name());
    }

    /** The domain category of a contract category; null for CATEGORY_UNSPECIFIED or an unknown value. */
    public static dev.successscore.score.api.Category fromProto(Category c) {
        return switch (c) {
            case CATEGORY_PRODUCT_ADOPTION -> dev.successscore.score.api.Category.PRODUCT_ADOPTION;
            case CATEGORY_CUSTOMER_EXPERTISE -> dev.successscore.score.api.Category.CUSTOMER_EXPERTISE;
            case CATEGORY_TECHNICAL_HEALTH -> dev.successscore.score.api.Category.TECHNICAL_HEALTH;
            default -> null;
        };
    }

    public static Band toProto(dev.successscore.score.api.Band b) {
        return b == null ? Band.BAND_UNSPECIFIED : Band.valueOf("BAND_" + b.name());
    }

    public static dev.successscore.score.api.Band fromProto(Band b) {
        return switch (b) {
            case BAND_AT_RISK -> dev.successscore.score.api.Band.AT_RISK;
            case BAND_NEEDS_ATTENTION -> dev.successscore.score.api.Band.NEEDS_ATTENTION;
            case BAND_HEALTHY -> dev.successscore.score.api.Band.HEALTHY;
            default -> null;
        };
    }

    static ScoreState toProto(dev.successscore.score.api.ScoreState s) {
        return s == null ? ScoreState.SCORE_STATE_UNSPECIFIED : ScoreState.valueOf("SCORE_STATE_" + s.name());
    }

    static CauseType toProto(dev.successscore.score.api.CauseType t) {
        return CauseType.valueOf("CAUSE_TYPE_" + t.name());
    }

    static AlertKind toProto(dev.successscore.score.api.AlertKind k) {
        return AlertKind.valueOf("ALERT_KIND_" + k.name());
    }

    static SignalType toProto(dev.successscore.score.api.SignalType t) {
        return t == null ? SignalType.SIGNAL_TYPE_UNSPECIFIED : SignalType.valueOf("SIGNAL_TYPE_" + t.name());
    }

    static AdoptionLevel toProto(dev.successscore.score.api.AdoptionLevel l) {
        return l == null ? AdoptionLevel.ADOPTION_LEVEL_UNSPECIFIED : AdoptionLevel.valueOf("ADOPTION_LEVEL_" + l.name());
    }

    // ---- values ----

    public static String decimal(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static successscore.signal.v1.Evidence toProto(Evidence e) {
        if (e == null) {
            return successscore.signal.v1.Evidence.getDefaultInstance();
        }
        return successscore.signal.v1.Evidence.newBuilder().setNumerator(decimal(e.numerator()))
                .setDenominator(decimal(e.denominator())).setBaseline(decimal(e.baseline()))
                .setNote(e.note() == null ? "" : e.note()).build();
    }

    static successscore.score.v1.SignalScore toProto(SignalResult s) {
        var b = successscore.score.v1.SignalScore.newBuilder().setKey(s.key()).setType(toProto(s.type()))
                .setWeight(decimal(s.weight())).setEffectiveWeight(decimal(s.effectiveWeight()))
                .setContribution(decimal(s.contribution())).setEvidence(toProto(s.evidence()));
        if (s.score() != null) {
            b.setScore(s.score());
        }
        return b.build();
    }

    static successscore.score.v1.CategoryScore toProto(CategoryResult c) {
        var b = successscore.score.v1.CategoryScore.newBuilder().setCategory(toProto(c.category()))
                .setAvailable(c.available()).setScore(decimal(c.score())).setWeight(decimal(c.weight()))
                .setContribution(decimal(c.contribution()))
                .setUnavailableReason(c.unavailableReason() == null ? "" : c.unavailableReason())
                .setMeasurementId(c.measurementId() == null ? "" : c.measurementId())
                .setSourceService(c.sourceService() == null ? "" : c.sourceService())
                .setAdoptionLevel(toProto(c.adoptionLevel()));
        if (c.measuredAt() != null) {
            b.setMeasureTime(timestamp(c.measuredAt()));
        }
        c.signals().forEach(s -> b.addSignals(toProto(s)));
        return b.build();
    }

    static successscore.score.v1.AppliedWeightTable toProto(AppliedWeightTable t) {
        var b = successscore.score.v1.AppliedWeightTable.newBuilder().setFromPolicyTable(t.fromPolicyTable())
                .setReason(t.reason());
        t.availableCategories().forEach(c -> b.addAvailableCategories(toProto(c)));
        for (WeightShare w : t.weights()) {
            b.addWeights(AppliedCategoryWeight.newBuilder().setCategory(toProto(w.category()))
                    .setWeight(decimal(w.weight())));
        }
        return b.build();
    }

    static successscore.score.v1.Cause toProto(Cause c) {
        var b = successscore.score.v1.Cause.newBuilder().setType(toProto(c.type()))
                .setSourceService(nullToEmpty(c.sourceService())).setSourceEventId(nullToEmpty(c.sourceEventId()))
                .setCauseTime(timestamp(c.causeTime())).setActor(nullToEmpty(c.actor()))
                .setReason(nullToEmpty(c.reason())).setCategory(toProto(c.category()));
        return b.build();
    }

    static successscore.score.v1.Alert toProto(String tenantId, Alert a) {
        return successscore.score.v1.Alert.newBuilder().setAlertId(a.alertId()).setTenantId(tenantId)
                .setKind(toProto(a.kind())).setRaiseTime(timestamp(a.raisedAt())).setRaisedByPosition(a.position())
                .setMessage(a.message()).setCategory(toProto(a.category())).build();
    }

    static Override toProto(OverrideValue o) {
        return Override.newBuilder().setValue(decimal(o.value())).setAuthor(nullToEmpty(o.author()))
                .setReason(nullToEmpty(o.reason())).setSetTime(timestamp(o.setAt()))
                .setExpireTime(timestamp(o.expiresAt())).build();
    }

    public static successscore.score.v1.ScoreChange toProto(ScoreChangedEvent event) {
        ScoreChange c = event.change();
        var b = successscore.score.v1.ScoreChange.newBuilder().setTenantId(c.tenantId()).setPosition(c.position())
                .setChangeTime(timestamp(c.changeTime())).setCause(toProto(c.cause())).setState(toProto(c.state()))
                .setInsufficientDataReason(nullToEmpty(c.insufficientDataReason()))
                .setComposite(decimal(c.composite())).setComputedComposite(decimal(c.computedComposite()))
                .setPreviousComposite(decimal(c.previousComposite())).setBand(toProto(c.band()))
                .setPreviousBand(toProto(c.previousBand())).setWeightTable(toProto(c.weightTable()))
                .setPolicyVersion(c.policyVersion()).setPreviousHash(c.previousHash()).setHash(event.hash());
        c.categories().forEach(cat -> b.addCategories(toProto(cat)));
        if (c.override() != null) {
            b.setOverride(toProto(c.override()));
        }
        c.alertsRaised().forEach(a -> b.addAlertsRaised(toProto(c.tenantId(), a)));
        b.addAllAlertsResolved(c.alertsResolved());
        return b.build();
    }

    public static Score toScore(ScoreChangedEvent event, List<Alert> openAlerts) {
        ScoreChange c = event.change();
        var b = Score.newBuilder().setTenantId(c.tenantId()).setState(toProto(c.state()))
                .setInsufficientDataReason(nullToEmpty(c.insufficientDataReason()))
                .setComposite(decimal(c.composite())).setComputedComposite(decimal(c.computedComposite()))
                .setBand(toProto(c.band())).setWeightTable(toProto(c.weightTable()))
                .setPolicyVersion(c.policyVersion()).setChangeTime(timestamp(c.changeTime()))
                .setPosition(c.position()).setHash(event.hash());
        c.categories().forEach(cat -> b.addCategories(toProto(cat)));
        if (c.override() != null) {
            b.setOverride(toProto(c.override()));
        }
        openAlerts.forEach(a -> b.addOpenAlerts(toProto(c.tenantId(), a)));
        return b.build();
    }

    /** A listing row: the composite, band and category scores, without signals. */
    public static Score toScore(CurrentScore s) {
        var b = Score.newBuilder().setTenantId(s.tenantId())
                .setState(ScoreState.valueOf("SCORE_STATE_" + s.state()))
                .setComposite(decimal(s.composite())).setComputedComposite(decimal(s.computedComposite()))
                .setBand(s.band() == null ? Band.BAND_UNSPECIFIED : Band.valueOf("BAND_" + s.band()))
                .setPolicyVersion(s.policyVersion()).setChangeTime(timestamp(s.changeTime()))
                .setPosition(s.position()).setHash(s.hash());
        addListed(b, Category.CATEGORY_PRODUCT_ADOPTION, s.adoptionScore());
        addListed(b, Category.CATEGORY_CUSTOMER_EXPERTISE, s.expertiseScore());
        addListed(b, Category.CATEGORY_TECHNICAL_HEALTH, s.healthScore());
        return b.build();
    }

    private static void addListed(Score.Builder b, Category category, BigDecimal score) {
        b.addCategories(successscore.score.v1.CategoryScore.newBuilder().setCategory(category)
                .setAvailable(score != null).setScore(decimal(score)));
    }

    // ---- policy ----

    public static successscore.score.v1.ScoringPolicy toProto(ScoringPolicy p) {
        var b = successscore.score.v1.ScoringPolicy.newBuilder().setVersion(p.version())
                .setDescription(nullToEmpty(p.description())).setPublishedBy(nullToEmpty(p.publishedBy()));
        if (p.publishedAt() != null) {
            b.setPublishTime(timestamp(p.publishedAt()));
        }
        for (WeightTable t : p.weightTables()) {
            var tb = successscore.score.v1.WeightTable.newBuilder();
            t.weights().forEach(w -> tb.addWeights(successscore.score.v1.CategoryWeight.newBuilder()
                    .setCategory(toProto(w.category())).setWeight(w.weight())));
            b.addWeightTables(tb);
        }
        for (CategorySignalWeights s : p.signalWeights()) {
            var sb = successscore.score.v1.SignalWeights.newBuilder().setCategory(toProto(s.category()));
            s.weights().forEach(w -> sb.addWeights(successscore.score.v1.SignalWeight.newBuilder()
                    .setSignalKey(w.signalKey()).setWeight(w.weight())));
            b.addSignalWeights(sb);
        }
        b.setBands(successscore.score.v1.Bands.newBuilder().setNeedsAttentionFrom(p.bands().needsAttentionFrom())
                .setHealthyFrom(p.bands().healthyFrom()));
        p.stalenessLimits().forEach(l -> b.addStalenessLimits(successscore.score.v1.StalenessLimit.newBuilder()
                .setCategory(toProto(l.category())).setLimitDays(l.limitDays())));
        b.setAlertThresholds(successscore.score.v1.AlertThresholds.newBuilder()
                .setScoreDropPoints(p.alertThresholds().scoreDropPoints())
                .setScoreDropLookbackDays(p.alertThresholds().scoreDropLookbackDays()));
        return b.build();
    }

    /**
     * A proposal from the contract. Unknown or unspecified categories map to null, which the
     * policy validator reports with the field at fault.
     */
    public static ScoringPolicy fromProto(successscore.score.v1.ScoringPolicy p) {
        List<WeightTable> tables = p.getWeightTablesList().stream()
                .map(t -> new WeightTable(t.getWeightsList().stream()
                        .map(w -> new CategoryWeight(fromProto(w.getCategory()), w.getWeight())).toList()))
                .toList();
        List<CategorySignalWeights> signals = p.getSignalWeightsList().stream()
                .map(s -> new CategorySignalWeights(fromProto(s.getCategory()), s.getWeightsList().stream()
                        .map(w -> new SignalWeight(w.getSignalKey(), w.getWeight())).toList()))
                .toList();
        List<StalenessLimit> limits = p.getStalenessLimitsList().stream()
                .map(l -> new StalenessLimit(fromProto(l.getCategory()), l.getLimitDays())).toList();
        return new ScoringPolicy(0, tables, signals,
                p.hasBands() ? new Bands(p.getBands().getNeedsAttentionFrom(), p.getBands().getHealthyFrom()) : null,
                limits,
                p.hasAlertThresholds() ? new AlertThresholds(p.getAlertThresholds().getScoreDropPoints(),
                        p.getAlertThresholds().getScoreDropLookbackDays()) : null,
                null, null, p.getDescription());
    }

    static successscore.score.v1.SimulatedPoint toProto(SimulatedPoint p) {
        return successscore.score.v1.SimulatedPoint.newBuilder().setPosition(p.position())
                .setChangeTime(timestamp(p.changeTime())).setCauseType(toProto(p.causeType()))
                .setRecordedState(toProto(p.recordedState())).setRecordedComposite(decimal(p.recordedComposite()))
                .setRecordedBand(toProto(p.recordedBand())).setSimulatedState(toProto(p.simulatedState()))
                .setSimulatedComposite(decimal(p.simulatedComposite())).setSimulatedBand(toProto(p.simulatedBand()))
                .build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static boolean isValid(Timestamp t) {
        return Timestamps.isValid(t);
    }
}
