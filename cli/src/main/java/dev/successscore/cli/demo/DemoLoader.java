package dev.successscore.cli.demo;

import dev.successscore.cli.client.SuiteChannels;
import dev.successscore.runtime.concurrent.DaemonThreads;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.expertise.v1.RecordCreditsResponse;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportAlertsResponse;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.RegisterUserResponse;
import successscore.usage.v1.SetEntitlementsResponse;

/**
 * Sends the demo's data through the services' public gRPC APIs, in an order that lets each tenant's first composite
 * score be its final one:
 * <ol>
 *   <li>every monitored tenant's enrolment, alerts and heartbeat to health-service, so that score-service holds the
 *       tenant's Technical Health before its first Product Adoption measurement;</li>
 *   <li>then tenant by tenant (a few at a time) its entitlements and users (sent together) to usage-service, the
 *       first batch of its activity, its learning credits to expertise-service (whose measurement reads that
 *       roster) and the rest of its activity. Activity goes newest first: the first batch holds the whole 28-day
 *       window, and usage-service measures a tenant a moment (its measure delay, 2 s by default) after the
 *       entitlements arrive, so its first measurement already sees the window. The tenants stuck at the first
 *       adoption level go first: their band is the same whatever part of their data is measured, while the
 *       services' first calls are slow.</li>
 * </ol>
 * Records are idempotent by id: loading the same data again stores nothing twice.
 *
 * <p>The loader notes, per tenant and service, when the last write that changed something was sent and answered,
 * so that {@link ScoreAwaiter} can tell a measurement that includes it from an older one.
 */
public final class DemoLoader {

    /** Tenants loaded at the same time. */
    static final int PARALLEL_TENANTS = 3;
    /** Refusals kept as examples; all are counted. */
    private static final int REFUSAL_EXAMPLES = 10;

    private final SuiteChannels suite;
    private final Progress progress;
    private final Clock clock;

    public DemoLoader(SuiteChannels suite, Progress progress, Clock clock) {
        this.suite = suite;
        this.progress = progress;
        this.clock = clock;
    }

    /** A write that changed what a service stores: when it was sent and when its answer came back. */
    public record Write(Instant sent, Instant answered) {
    }

    /**
     * What loading did to one tenant.
     *
     * @param usage     the last write usage-service stored something new from; null when nothing was new
     * @param expertise the same for expertise-service
     * @param health    the last report to health-service (every heartbeat is new monitoring data); null when the
     *                  tenant has no monitoring
     */
    public record TenantLoad(String tenantId, boolean monitored, Write usage, Write expertise, Write health) {
    }

    /**
     * What a load sent and what the services made of it.
     *
     * @param activitiesNew records usage-service had not stored before (the others were duplicates)
     * @param refused       records or users a service refused (a conflict with what it stores, or invalid)
     * @param refusals      the first refusals, as sentences
     */
    public record LoadReport(List<TenantLoad> tenants, long users, long activities, long activitiesNew, long credits,
                             long creditsNew, long alerts, long alertsNew, long refused, List<String> refusals,
                             Duration took) {
    }

    public LoadReport load(DemoData data) {
        Instant started = clock.instant();
        Map<String, Write[]> writes = Collections.synchronizedMap(new LinkedHashMap<>());
        data.tenants().forEach(t -> writes.put(t.id(), new Write[3]));
        Counters counters = new Counters();
        long monitoring = data.alertCount() + data.tenants().stream().filter(DemoTenant::monitored).count();
        try (ProgressBar bar = progress.bar("health-service", monitoring, " records")) {
            forEachTenant(data.tenants(), tenant -> loadHealth(tenant, writes.get(tenant.id()), counters, bar));
        }
        long records = data.userCount() + data.creditCount() + data.activityCount();
        List<DemoTenant> stuckFirst = new ArrayList<>(data.tenants(Persona.STUCK_LEVEL1));
        data.tenants().stream().filter(t -> t.persona() != Persona.STUCK_LEVEL1).forEach(stuckFirst::add);
        try (ProgressBar bar = progress.bar("usage- and expertise-service", records, " records")) {
            forEachTenant(stuckFirst, tenant -> {
                Write[] tenantWrites = writes.get(tenant.id());
                List<RecordActivitiesRequest> batches = tenant.activityBatches();
                loadDirectory(tenant, tenantWrites, counters, bar);
                loadActivity(tenant, batches.subList(0, Math.min(1, batches.size())), tenantWrites, counters, bar);
                loadExpertise(tenant, tenantWrites, counters, bar);
                loadActivity(tenant, batches.subList(Math.min(1, batches.size()), batches.size()), tenantWrites,
                        counters, bar);
            });
        }
        List<TenantLoad> tenants = data.tenants().stream().map(t -> {
            Write[] w = writes.get(t.id());
            return new TenantLoad(t.id(), t.monitored(), w[0], w[1], w[2]);
        }).toList();
        return new LoadReport(tenants, data.userCount(), data.activityCount(), counters.activitiesNew.get(),
                data.creditCount(), counters.creditsNew.get(), data.alertCount(), counters.alertsNew.get(),
                counters.refused.get(), counters.examples(), Duration.between(started, clock.instant()));
    }

    private void loadDirectory(DemoTenant tenant, Write[] writes, Counters counters, ProgressBar bar) {
        Instant sent = clock.instant();
        SetEntitlementsResponse entitled = suite.usage().setEntitlements(tenant.entitlements());
        if (entitled.getChanged()) {
            writes[0] = new Write(sent, clock.instant());
        }
        List<CompletableFuture<RegisterUserResponse>> registrations = new ArrayList<>();
        for (RegisterUserRequest user : tenant.users()) {
            CompletableFuture<RegisterUserResponse> registration = new CompletableFuture<>();
            suite.usageAsync().registerUser(user, new StreamObserver<>() {
                @Override
                public void onNext(RegisterUserResponse response) {
                    registration.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    registration.completeExceptionally(error);
                }

                @Override
                public void onCompleted() {
                }
            });
            registrations.add(registration);
        }
        for (int i = 0; i < registrations.size(); i++) {
            try {
                registrations.get(i).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof StatusRuntimeException status)) {
                    throw e;
                }
                if (status.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw status;
                }
                counters.refuse(tenant.id() + ": user " + tenant.users().get(i).getUserId()
                        + " is registered with other details");
            }
            bar.step();
        }
    }

    private void loadActivity(DemoTenant tenant, List<RecordActivitiesRequest> batches, Write[] writes,
                              Counters counters, ProgressBar bar) {
        for (RecordActivitiesRequest batch : batches) {
            Instant sent = clock.instant();
            RecordActivitiesResponse response = suite.usage().recordActivities(batch);
            int stored = response.getAcceptedCount() - response.getDuplicateCount();
            if (stored > 0) {
                writes[0] = new Write(sent, clock.instant());
                counters.activitiesNew.addAndGet(stored);
            }
            response.getRejectedList().forEach(r -> counters.refuse(tenant.id() + ": activity " + r.getActivityId()
                    + " (" + r.getField() + ") " + r.getReason()));
            bar.stepBy(batch.getActivitiesCount());
        }
    }

    private void loadExpertise(DemoTenant tenant, Write[] writes, Counters counters, ProgressBar bar) {
        for (RecordCreditsRequest batch : tenant.creditBatches()) {
            Instant sent = clock.instant();
            RecordCreditsResponse response = suite.expertise().recordCredits(batch);
            int stored = response.getAcceptedCount() - response.getDuplicateCount();
            if (stored > 0) {
                writes[1] = new Write(sent, clock.instant());
                counters.creditsNew.addAndGet(stored);
            }
            response.getRejectedList().forEach(r -> counters.refuse(tenant.id() + ": credit " + r.getCreditId()
                    + " (" + r.getField() + ") " + r.getReason()));
            bar.stepBy(batch.getCreditsCount());
        }
    }

    private void loadHealth(DemoTenant tenant, Write[] writes, Counters counters, ProgressBar bar) {
        if (tenant.enrollment().isEmpty()) {
            return;
        }
        Instant sent = clock.instant();
        suite.health().enrollMonitoring(tenant.enrollment().get());
        for (ReportAlertsRequest batch : tenant.alertBatches()) {
            ReportAlertsResponse response = suite.health().reportAlerts(batch);
            counters.alertsNew.addAndGet(response.getAcceptedCount() - response.getDuplicateCount());
            response.getRejectedList().forEach(r -> counters.refuse(tenant.id() + ": alert " + r.getAlertId()
                    + " (" + r.getField() + ") " + r.getReason()));
            bar.stepBy(batch.getAlertsCount());
        }
        tenant.heartbeat().ifPresent(heartbeat -> suite.health().reportHeartbeat(heartbeat));
        writes[2] = new Write(sent, clock.instant());
        bar.step();
    }

    /** Runs a task for each tenant, {@value #PARALLEL_TENANTS} at a time; the first failure stops the others. */
    private static void forEachTenant(List<DemoTenant> tenants, Consumer<DemoTenant> task) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TENANTS, DaemonThreads.named("demo-load"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (DemoTenant tenant : tenants) {
                futures.add(pool.submit(() -> task.accept(tenant)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("loading the demo was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final class Counters {
        final AtomicLong activitiesNew = new AtomicLong();
        final AtomicLong creditsNew = new AtomicLong();
        final AtomicLong alertsNew = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        private final List<String> examples = new ArrayList<>();

        synchronized void refuse(String sentence) {
            refused.incrementAndGet();
            if (examples.size() < REFUSAL_EXAMPLES) {
                examples.add(sentence);
            }
        }

        synchronized List<String> examples() {
            return List.copyOf(examples);
        }
    }
}
