package dev.successscore.score.scoring;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.successscore.score.api.Alert;
import dev.successscore.score.api.AlertKind;
import dev.successscore.score.api.Band;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.Cause;
import dev.successscore.score.api.CauseType;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.OverrideValue;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.ScoreState;
import dev.successscore.score.policy.ScoringPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's score state as the fold of its recorded changes. The aggregate, the history verifier
 * and the policy simulator all fold changes through this one class, so they cannot disagree.
 *
 * <p>Its size does not grow with history: the latest measurement per category, open alerts, a
 * bounded set of recently applied source ids and one composite per day for the drop lookback.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class TenantScoreState {

    /** How many recently applied source ids are kept to recognise a redelivery. */
    static final int RECENT_IDS = 64;
    /** The longest score-drop lookback a policy may set, in days. */
    public static final int MAX_LOOKBACK_DAYS = 365;

    private String tenantId;
    private long position;
    private String lastHash = "";
    private Instant lastChangeTime;
    private int policyVersion;
    private EnumMap<Category, Measurement> measurements = new EnumMap<>(Category.class);
    private EnumSet<Category> expired = EnumSet.noneOf(Category.class);
    private EnumSet<Category> available = EnumSet.noneOf(Category.class);
    private OverrideValue override;
    private ScoreState state;
    private BigDecimal composite;
    private Band band;
    private LinkedHashMap<String, Alert> openAlerts = new LinkedHashMap<>();
    private TreeMap<LocalDate, BigDecimal> dailyComposites = new TreeMap<>();
    private ArrayDeque<String> recentSourceIds = new ArrayDeque<>();
    private Instant lastEngagementAt;

    public TenantScoreState() {
    }

    /** Folds one recorded change into the state. */
    public void apply(ScoreChange change, String hash) {
        tenantId = change.tenantId();
        position = change.position();
        lastHash = hash;
        lastChangeTime = change.changeTime();
        policyVersion = change.policyVersion();
        Cause cause = change.cause();
        switch (cause.type()) {
            case MEASUREMENT -> {
                measurements.put(cause.category(), cause.measurement());
                if (change.category(cause.category()).expired()) {
                    expired.add(cause.category());
                } else {
                    expired.remove(cause.category());
                }
            }
            case STALENESS_EXPIRY -> expired.add(cause.category());
            case ENGAGEMENT_CHANGE -> lastEngagementAt = cause.engagement().detectedAt();
            default -> {
            }
        }
        if (cause.sourceEventId() != null && cause.type() != CauseType.STALENESS_EXPIRY) {
            remember(cause.type() + ":" + cause.sourceEventId());
        }
        override = change.override();
        state = change.state();
        composite = change.composite();
        band = change.band();
        available = EnumSet.noneOf(Category.class);
        change.categories().stream().filter(CategoryResult::available).forEach(c -> available.add(c.category()));
        change.alertsResolved().forEach(openAlerts::remove);
        change.alertsRaised().forEach(a -> openAlerts.put(a.alertId(), a));
        if (composite != null) {
            dailyComposites.put(day(change.changeTime()), composite);
            pruneDailyComposites(day(change.changeTime()).minusDays(MAX_LOOKBACK_DAYS + 1L));
        }
    }

    private void remember(String id) {
        recentSourceIds.remove(id);
        recentSourceIds.addLast(id);
        while (recentSourceIds.size() > RECENT_IDS) {
            recentSourceIds.removeFirst();
        }
    }

    private void pruneDailyComposites(LocalDate cutoff) {
        while (dailyComposites.size() > 1) {
            LocalDate second = dailyComposites.higherKey(dailyComposites.firstKey());
            if (second == null || second.isAfter(cutoff)) {
                return;
            }
            dailyComposites.pollFirstEntry();
        }
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Whether a cause of this type and source id was applied recently. */
    public boolean applied(CauseType type, String sourceEventId) {
        return recentSourceIds.contains(type + ":" + sourceEventId);
    }

    /**
     * Whether an engagement change must not be applied: it was applied before, or a later one was
     * (a redelivered or superseded report).
     */
    public boolean isDuplicateOrSuperseded(dev.successscore.score.api.EngagementChange e) {
        return applied(CauseType.ENGAGEMENT_CHANGE, e.eventId())
                || (lastEngagementAt != null && !e.detectedAt().isAfter(lastEngagementAt));
    }

    /**
     * Whether a measurement must not be applied: it was applied before, or the category already
     * holds one measured at the same instant or later (a redelivered or superseded measurement).
     */
    public boolean isDuplicateOrSuperseded(Measurement m) {
        if (applied(CauseType.MEASUREMENT, m.measurementId())) {
            return true;
        }
        Measurement latest = measurements.get(m.category());
        return latest != null && !m.measuredAt().isAfter(latest.measuredAt());
    }

    /** The staleness and override expiries due at or before {@code time}, in time order. */
    public List<Cause> dueExpiries(Instant time, ScoringPolicy policy) {
        List<Cause> due = new ArrayList<>();
        for (var entry : measurements.entrySet()) {
            if (expired.contains(entry.getKey())) {
                continue;
            }
            int days = policy.stalenessDaysOf(entry.getKey());
            Instant expiresAt = entry.getValue().measuredAt().plus(Duration.ofDays(days));
            if (!expiresAt.isAfter(time)) {
                due.add(Cause.expiry(entry.getKey(), entry.getValue().measurementId(), expiresAt, days));
            }
        }
        if (override != null && !override.expiresAt().isAfter(time)) {
            due.add(Cause.overrideExpired(override));
        }
        due.sort(Comparator.comparing(Cause::causeTime));
        return due;
    }

    /** The earliest instant at which an expiry falls due, if any. */
    public Optional<Instant> nextExpiry(ScoringPolicy policy) {
        return dueExpiries(Instant.MAX, policy).stream().map(Cause::causeTime).findFirst();
    }

    /** The composite in force at the end of the day of {@code instant}, or the latest day before it. */
    public Optional<BigDecimal> compositeOnDayOf(Instant instant) {
        var entry = dailyComposites.floorEntry(day(instant));
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /**
     * The category inputs after a cause at {@code changeTime}, before scoring. A measurement that
     * arrives already older than its staleness limit counts as expired from the start.
     */
    Map<Category, CategoryInput> inputsAfter(Cause cause, Instant changeTime, ScoringPolicy policy) {
        Map<Category, CategoryInput> inputs = new EnumMap<>(Category.class);
        measurements.forEach((c, m) -> inputs.put(c, new CategoryInput(m, expired.contains(c))));
        if (cause.type() == CauseType.MEASUREMENT) {
            Instant expiresAt = cause.measurement().measuredAt()
                    .plus(Duration.ofDays(policy.stalenessDaysOf(cause.category())));
            inputs.put(cause.category(), new CategoryInput(cause.measurement(), !expiresAt.isAfter(changeTime)));
        } else if (cause.type() == CauseType.STALENESS_EXPIRY) {
            Measurement m = measurements.get(cause.category());
            inputs.put(cause.category(), new CategoryInput(m, true));
        }
        return inputs;
    }

    public boolean isNew() {
        return position == 0;
    }

    public String tenantId() {
        return tenantId;
    }

    public long position() {
        return position;
    }

    public String lastHash() {
        return lastHash;
    }

    public Instant lastChangeTime() {
        return lastChangeTime;
    }

    public int policyVersion() {
        return policyVersion;
    }

    public OverrideValue override() {
        return override;
    }

    public ScoreState state() {
        return state;
    }

    public BigDecimal composite() {
        return composite;
    }

    public Band band() {
        return band;
    }

    public boolean wasAvailable(Category category) {
        return available.contains(category);
    }

    public Optional<Alert> openAlert(AlertKind kind, Category category) {
        return openAlerts.values().stream()
                .filter(a -> a.kind() == kind && (category == null || category == a.category()))
                .findFirst();
    }

    public List<Alert> openAlerts() {
        return List.copyOf(openAlerts.values());
    }
}
