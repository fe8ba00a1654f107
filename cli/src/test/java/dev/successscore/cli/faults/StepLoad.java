package dev.successscore.cli.faults;

import com.google.protobuf.Timestamp;
import dev.successscore.runtime.grpc.ProtoTime;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreHistoryResponse;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.signal.v1.Category;
import successscore.usage.v1.Activity;
import successscore.usage.v1.GetAdoptionRequest;
import successscore.usage.v1.GetAdoptionResponse;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * A load in steps on the simulated clock, through the public APIs, whose outcome does not depend on timing: each
 * step writes every tenant's data at one instant, then moves the clock past the re-measure delay so that every tenant
 * is measured once on complete data, and waits until score-service shows that measurement. Calls that fail because a
 * service is down are retried until it is back (they are idempotent).
 */
final class StepLoad {

    static final Duration MEASURE_DELAY = Duration.ofMinutes(1);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int SEATS = 30;
    private static final int USERS = 24;
    private static final int USERS_PER_STEP = 3;
    private static final List<String> FEATURES = List.of("reports", "dashboards", "alerts", "exports", "api",
            "workflows", "search", "sharing");
    private static final Set<Status.Code> RETRIED = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.ABORTED, Status.Code.RESOURCE_EXHAUSTED);

    private final java.util.function.Consumer<Instant> clock;
    private final Instant start;
    private final List<String> tenants = new ArrayList<>();
    private final Supplier<UsageServiceGrpc.UsageServiceBlockingStub> usage;
    private final Supplier<ScoreServiceGrpc.ScoreServiceBlockingStub> score;

    StepLoad(java.util.function.Consumer<Instant> clock, Instant start, int tenantCount,
             Supplier<UsageServiceGrpc.UsageServiceBlockingStub> usage,
             Supplier<ScoreServiceGrpc.ScoreServiceBlockingStub> score) {
        this.clock = clock;
        this.start = start;
        this.usage = usage;
        this.score = score;
        for (int t = 1; t <= tenantCount; t++) {
            tenants.add(String.format("tenant-%03d", t));
        }
        setClock(start);
    }

    List<String> tenants() {
        return tenants;
    }

    Instant stepTime(int step) {
        return start.plus(Duration.ofHours(step));
    }

    /** Step 0: entitlements and the directory of every tenant. */
    void setUp() {
        setClock(stepTime(0));
        for (String tenant : tenants) {
            retrying(() -> usage.get().setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId(tenant)
                    .setLicensedSeats(SEATS).addAllEnabledFeatures(FEATURES).build()));
            for (int u = 1; u <= USERS; u++) {
                String user = user(u);
                int department = u % 4;
                OrgLevel level = u % 8 == 0 ? OrgLevel.ORG_LEVEL_EXECUTIVE
                        : u % 3 == 0 ? OrgLevel.ORG_LEVEL_MANAGER : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR;
                retrying(() -> usage.get().registerUser(RegisterUserRequest.newBuilder().setTenantId(tenant)
                        .setUserId(user).setDepartment("dept-" + department).setOrgLevel(level).build()));
            }
        }
    }

    /** Sends one step's batch for the tenants from {@code fromTenant} (0-based) up to, not including, {@code to}. */
    void send(int step, int fromTenant, int toTenant) {
        if (fromTenant == 0) {
            setClock(stepTime(step));
        }
        for (String tenant : tenants.subList(fromTenant, toTenant)) {
            retrying(() -> usage.get().recordActivities(batch(tenant, step)));
        }
    }

    int size() {
        return tenants.size();
    }

    /** Moves the clock past the re-measure delay and waits until score-service shows every tenant's measurement. */
    void measure(int step) {
        Instant measuredAt = stepTime(step).plus(MEASURE_DELAY);
        setClock(measuredAt);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (String tenant : tenants) {
            while (!reflected(tenant, measuredAt, step * USERS_PER_STEP)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("step " + step + " of " + tenant + " not reflected within " + PATIENCE
                            + "; usage-service: " + describe(() -> usage.get().getAdoption(GetAdoptionRequest
                            .newBuilder().setTenantId(tenant).build())) + "; score-service: " + describe(() -> score
                            .get().getScore(GetScoreRequest.newBuilder().setTenantId(tenant).build())));
                }
                pause(100);
            }
        }
    }

    /** Every tenant's chain of hashes, read from score-service's history. */
    Map<String, List<String>> hashChains() {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (String tenant : tenants) {
            List<String> hashes = new ArrayList<>();
            String token = "";
            do {
                String pageToken = token;
                GetScoreHistoryResponse page = retrying(() -> score.get().getScoreHistory(GetScoreHistoryRequest
                        .newBuilder().setTenantId(tenant).setPageSize(1000).setPageToken(pageToken).build()));
                page.getChangesList().stream().map(ScoreChange::getHash).forEach(hashes::add);
                token = page.getNextPageToken();
            } while (!token.isEmpty());
            chains.put(tenant, hashes);
        }
        return chains;
    }

    private boolean reflected(String tenant, Instant measuredAt, int activeUsers) {
        try {
            GetAdoptionResponse adoption = usage.get().getAdoption(GetAdoptionRequest.newBuilder()
                    .setTenantId(tenant).build());
            if (!ProtoTime.instant(adoption.getLastRecordedAt()).equals(measuredAt)
                    || adoption.getMeasurement().getActiveUsers() != activeUsers) {
                return false;
            }
            String measurementId = adoption.getMeasurement().getMeasurementId();
            return score.get().getScore(GetScoreRequest.newBuilder().setTenantId(tenant).build()).getScore()
                    .getCategoriesList().stream()
                    .filter(c -> c.getCategory() == Category.CATEGORY_PRODUCT_ADOPTION)
                    .map(CategoryScore::getMeasurementId)
                    .anyMatch(measurementId::equals);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND || RETRIED.contains(e.getStatus().getCode())) {
                return false;
            }
            throw e;
        }
    }

    private static String describe(Supplier<?> call) {
        try {
            return String.valueOf(call.get());
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private RecordActivitiesRequest batch(String tenant, int step) {
        RecordActivitiesRequest.Builder batch = RecordActivitiesRequest.newBuilder().setTenantId(tenant);
        Timestamp at = ProtoTime.timestamp(stepTime(step).minus(Duration.ofMinutes(10)));
        int users = step * USERS_PER_STEP;
        for (int u = 1; u <= users; u++) {
            for (int f = 0; f <= (u + step) % FEATURES.size(); f++) {
                batch.addActivities(Activity.newBuilder().setActivityId(step + "-" + u + "-" + f).setUserId(user(u))
                        .setFeature(FEATURES.get(f)).setOccurredAt(at));
            }
        }
        return batch.build();
    }

    private static String user(int u) {
        return String.format("user-%02d", u);
    }

    private void setClock(Instant instant) {
        clock.accept(instant);
    }

    /** Calls until the call succeeds; a service that is down or restarting is waited for. */
    static <T> T retrying(Supplier<T> call) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (!RETRIED.contains(e.getStatus().getCode()) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause(200);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
