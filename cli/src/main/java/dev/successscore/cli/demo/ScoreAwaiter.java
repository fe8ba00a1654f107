package dev.successscore.cli.demo;

import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.cli.demo.DemoLoader.TenantLoad;
import dev.successscore.cli.demo.DemoLoader.Write;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import successscore.expertise.v1.GetExpertiseRequest;
import successscore.expertise.v1.GetExpertiseResponse;
import successscore.health.v1.GetTechnicalHealthRequest;
import successscore.health.v1.GetTechnicalHealthResponse;
import successscore.score.v1.AlertKind;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreState;
import successscore.score.v1.SignalScore;
import successscore.signal.v1.Category;
import successscore.signal.v1.Signal;
import successscore.usage.v1.GetAdoptionRequest;
import successscore.usage.v1.GetAdoptionResponse;

/**
 * Waits until score-service's score of each loaded tenant reflects what the owning services measured after the
 * load: for each category, the owner has measured the tenant since the last write that changed its data, and the
 * score holds that measurement's signal scores (and, for Product Adoption, its level and engagement verdict). A
 * tenant without monitoring must have no Technical Health.
 *
 * <p>Measurement times are the services' clocks, write times this machine's: the suite's clock and this one must
 * agree (they do for a suite on this machine). A measurement taken between a write's commit and its answer counts
 * once {@link #SETTLE_GRACE} has passed without a later one.
 */
public final class ScoreAwaiter {

    /** How long after a write's answer a measurement taken while the write was in flight is believed to include it. */
    static final Duration SETTLE_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private final SuiteChannels suite;
    private final Progress progress;
    private final Clock clock;

    public ScoreAwaiter(SuiteChannels suite, Progress progress, Clock clock) {
        this.suite = suite;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * The outcome of waiting.
     *
     * @param scores    the tenants' scores at the end, in the order asked (tenants without a score left out)
     * @param unsettled the tenants whose score did not reflect their data in time, with the reason
     */
    public record Outcome(List<Score> scores, Map<String, String> unsettled) {

        public boolean settled() {
            return unsettled.isEmpty();
        }
    }

    /** Waits at most {@code timeout}, then reads every tenant's score. */
    public Outcome await(List<TenantLoad> tenants, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, TenantLoad> pending = new LinkedHashMap<>();
        tenants.forEach(t -> pending.put(t.tenantId(), t));
        Map<String, String> reasons = new HashMap<>();
        try (ProgressBar bar = progress.bar("score-service", tenants.size(), " tenants")) {
            while (true) {
                for (TenantLoad tenant : List.copyOf(pending.values())) {
                    Optional<String> reason = unsettled(tenant);
                    if (reason.isEmpty()) {
                        pending.remove(tenant.tenantId());
                        reasons.remove(tenant.tenantId());
                        bar.step();
                    } else {
                        reasons.put(tenant.tenantId(), reason.get());
                    }
                }
                if (pending.isEmpty() || !clock.instant().isBefore(deadline)) {
                    break;
                }
                sleep(POLL);
            }
        }
        Map<String, String> unsettled = new LinkedHashMap<>();
        pending.keySet().forEach(id -> unsettled.put(id, reasons.get(id)));
        List<Score> scores = new ArrayList<>();
        for (TenantLoad tenant : tenants) {
            score(tenant.tenantId()).ifPresent(scores::add);
        }
        return new Outcome(scores, unsettled);
    }

    /**
     * Why the tenant's score does not reflect its data yet; empty when it does. A call that fails is a reason to
     * keep waiting (a service may answer again), and the reason given when the wait ends.
     */
    Optional<String> unsettled(TenantLoad tenant) {
        try {
            return check(tenant);
        } catch (StatusRuntimeException e) {
            return Optional.of("a call failed: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        }
    }

    private Optional<String> check(TenantLoad tenant) {
        String id = tenant.tenantId();
        Optional<Score> found = score(id);
        if (found.isEmpty()) {
            return Optional.of("no score yet");
        }
        Score score = found.get();
        if (score.getState() != ScoreState.SCORE_STATE_SCORED) {
            return Optional.of("no composite yet (" + score.getInsufficientDataReason() + ")");
        }
        Optional<GetAdoptionResponse> adoption = notFoundAsEmpty(() -> suite.usage()
                .getAdoption(GetAdoptionRequest.newBuilder().setTenantId(id).build()));
        if (adoption.isEmpty() || !fresh(adoption.get().getLastEvaluatedAt(), tenant.usage())) {
            return Optional.of("usage-service has not measured the loaded activity yet");
        }
        CategoryScore productAdoption = category(score, Category.CATEGORY_PRODUCT_ADOPTION);
        if (!matches(productAdoption, adoption.get().getMeasurement().getSignalsList())
                || productAdoption.getAdoptionLevel() != adoption.get().getMeasurement().getLevel()) {
            return Optional.of("score-service has not applied usage-service's latest measurement yet");
        }
        boolean dropAlert = score.getOpenAlertsList().stream()
                .anyMatch(a -> a.getKind() == AlertKind.ALERT_KIND_ENGAGEMENT_DROP);
        if (dropAlert != adoption.get().getEngagementDropped()) {
            return Optional.of("score-service has not applied usage-service's engagement verdict yet");
        }
        Optional<GetExpertiseResponse> expertise = notFoundAsEmpty(() -> suite.expertise()
                .getExpertise(GetExpertiseRequest.newBuilder().setTenantId(id).build()));
        if (expertise.isEmpty() || !fresh(expertise.get().getMeasuredAt(), tenant.expertise())) {
            return Optional.of("expertise-service has not measured the loaded credits yet");
        }
        if (!matches(category(score, Category.CATEGORY_CUSTOMER_EXPERTISE), expertise.get().getSignalsList())) {
            return Optional.of("score-service has not applied expertise-service's latest measurement yet");
        }
        if (tenant.monitored()) {
            Optional<GetTechnicalHealthResponse> health = notFoundAsEmpty(() -> suite.health()
                    .getTechnicalHealth(GetTechnicalHealthRequest.newBuilder().setTenantId(id).build()));
            if (health.isEmpty() || !fresh(health.get().getMeasuredAt(), tenant.health())) {
                return Optional.of("health-service has not measured the loaded monitoring yet");
            }
            if (!matches(category(score, Category.CATEGORY_TECHNICAL_HEALTH), health.get().getSignalsList())) {
                return Optional.of("score-service has not applied health-service's latest measurement yet");
            }
        } else {
            CategoryScore technicalHealth = category(score, Category.CATEGORY_TECHNICAL_HEALTH);
            if (technicalHealth != null && technicalHealth.getAvailable()) {
                return Optional.of("has Technical Health although its monitoring was never enrolled");
            }
        }
        return Optional.empty();
    }

    /** Whether a measurement taken at {@code measuredAt} includes the write. */
    private boolean fresh(com.google.protobuf.Timestamp measuredAt, Write write) {
        if (write == null) {
            return true;
        }
        Instant measured = Instant.ofEpochSecond(measuredAt.getSeconds(), measuredAt.getNanos());
        if (!measured.isBefore(write.answered())) {
            return true;
        }
        return measured.isAfter(write.sent()) && clock.instant().isAfter(write.answered().plus(SETTLE_GRACE));
    }

    /** Whether the category as scored holds the owner's signal scores (and is available exactly when one is). */
    static boolean matches(CategoryScore scored, List<Signal> measured) {
        boolean anyAvailable = measured.stream().anyMatch(Signal::hasScore);
        if (scored == null || !scored.getAvailable()) {
            return !anyAvailable;
        }
        if (!anyAvailable) {
            return false;
        }
        Map<String, SignalScore> byKey = new HashMap<>();
        scored.getSignalsList().forEach(s -> byKey.put(s.getKey(), s));
        for (Signal signal : measured) {
            SignalScore counted = byKey.get(signal.getKey());
            if (counted == null) {
                continue; // a signal the policy does not weigh
            }
            if (counted.hasScore() != signal.hasScore()
                    || (signal.hasScore() && counted.getScore() != signal.getScore())) {
                return false;
            }
        }
        return true;
    }

    static CategoryScore category(Score score, Category category) {
        return score.getCategoriesList().stream().filter(c -> c.getCategory() == category).findFirst().orElse(null);
    }

    private Optional<Score> score(String tenantId) {
        return notFoundAsEmpty(() -> suite.score().getScore(GetScoreRequest.newBuilder().setTenantId(tenantId)
                .build()).getScore());
    }

    private static <T> Optional<T> notFoundAsEmpty(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("waiting for the scores was interrupted", e);
        }
    }
}
