package dev.successscore.benchmarks;

import com.google.protobuf.Timestamp;
import dev.successscore.cli.suite.LocalSuite;
import dev.successscore.cli.suite.SuitePorts;
import dev.successscore.runtime.config.Settings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.WatchScoreChangesRequest;
import successscore.score.v1.WatchScoreChangesResponse;
import successscore.signal.v1.Category;
import successscore.usage.v1.Activity;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * Freshness of the whole suite (figures printed, nothing asserted): how long after activity is recorded in
 * usage-service the changed score is visible in score-service, under a steady load.
 *
 * <p>The suite runs as {@code css run} runs it (four services, one durable embedded PostgreSQL, real ports).
 * {@code bench.tenants} tenants (1,000) each get a batch every {@code bench.period} seconds (5) so that the whole
 * load is {@code bench.rate} records/s (2,000); every batch brings one more active user, so every batch changes the
 * tenant's score. A batch's freshness is the time from sending it to the first change of its tenant on
 * WatchScoreChanges whose Product Adoption was measured after the batch was acknowledged. The load runs
 * {@code bench.warmup} seconds (20), then {@code bench.seconds} (60) are measured. It runs once per re-measure
 * delay in {@code bench.delays} (default {@code 5s,0s}: the default debounce, then none).
 */
public final class FreshnessBenchmark {

    private static final List<String> FEATURES = List.of("reports", "dashboards", "alerts", "exports", "api",
            "workflows", "search", "sharing", "admin", "billing");
    private static final int SEATS = 100;

    private record Sent(long sentNanos, Instant acknowledged) {
    }

    private FreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = Integer.getInteger("bench.tenants", 1000);
        int period = Integer.getInteger("bench.period", 5);
        int rate = Integer.getInteger("bench.rate", 2000);
        int warmup = Integer.getInteger("bench.warmup", 20);
        int seconds = Integer.getInteger("bench.seconds", 60);
        String delays = System.getProperty("bench.delays", "5s,0s");
        int perBatch = rate * period / tenants;
        System.out.printf("Freshness: %d tenants, a batch of %d records per tenant every %d s (%d records/s), "
                + "%d s warm-up, %d s measured%n", tenants, perBatch, period, rate, warmup, seconds);
        for (String delay : delays.split(",")) {
            run(delay.trim(), tenants, period, perBatch, warmup, seconds);
        }
    }

    private static void run(String delay, int tenants, int period, int perBatch, int warmup, int seconds)
            throws Exception {
        Path dir = Files.createTempDirectory("freshness-bench");
        Settings settings = Settings.of(Map.of("CSS_USAGE_MEASURE_DELAY", delay));
        try (LocalSuite suite = LocalSuite.start(dir, SuitePorts.ANY, settings)) {
            ManagedChannel usageChannel = ManagedChannelBuilder.forTarget(suite.target("usage-service"))
                    .usePlaintext().build();
            ManagedChannel scoreChannel = ManagedChannelBuilder.forTarget(suite.target("score-service"))
                    .usePlaintext().build();
            UsageServiceGrpc.UsageServiceBlockingStub usage = UsageServiceGrpc.newBlockingStub(usageChannel);
            List<String> ids = new ArrayList<>();
            for (int t = 0; t < tenants; t++) {
                ids.add(String.format("fresh-%04d", t));
            }
            long setUp = System.nanoTime();
            setUp(usage, ids, warmup / period + seconds / period + 4);
            System.out.printf("  [delay %s] %d tenants set up in %.1f s%n", delay, tenants,
                    (System.nanoTime() - setUp) / 1e9);

            Map<String, Deque<Sent>> pending = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<Long> toMeasured = Collections.synchronizedList(new ArrayList<>());
            List<Long> toVisible = Collections.synchronizedList(new ArrayList<>());
            AtomicLong measuring = new AtomicLong(Long.MAX_VALUE); // batches sent from this instant are counted
            ScoreServiceGrpc.newStub(scoreChannel).watchScoreChanges(WatchScoreChangesRequest.getDefaultInstance(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(WatchScoreChangesResponse value) {
                            long now = System.nanoTime();
                            Instant measured = adoptionMeasured(value);
                            Deque<Sent> queue = pending.get(value.getChange().getTenantId());
                            if (queue == null || measured == null) {
                                return;
                            }
                            synchronized (queue) {
                                while (!queue.isEmpty() && queue.peekFirst().acknowledged() != null
                                        && !measured.isBefore(queue.peekFirst().acknowledged())) {
                                    Sent sent = queue.pollFirst();
                                    if (sent.sentNanos() >= measuring.get()) {
                                        latencies.add(now - sent.sentNanos());
                                        toMeasured.add(Duration.between(sent.acknowledged(), measured).toNanos());
                                        toVisible.add(Duration.between(measured, Instant.now()).toNanos());
                                    }
                                }
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });

            ScheduledExecutorService senders = Executors.newScheduledThreadPool(4);
            Semaphore inFlight = new Semaphore(64);
            AtomicLong sentBatches = new AtomicLong();
            long tickNanos = TimeUnit.SECONDS.toNanos(period) / tenants;
            long start = System.nanoTime();
            for (int t = 0; t < tenants; t++) {
                String tenant = ids.get(t);
                pending.put(tenant, new ArrayDeque<>());
                int[] round = {0};
                senders.scheduleAtFixedRate(() -> {
                    int r = round[0]++;
                    RecordActivitiesRequest batch = batch(tenant, r, perBatch);
                    inFlight.acquireUninterruptibly();
                    try {
                        long sent = System.nanoTime();
                        RecordActivitiesResponse ignored = usage.withDeadlineAfter(10, TimeUnit.SECONDS)
                                .recordActivities(batch);
                        Deque<Sent> queue = pending.get(tenant);
                        synchronized (queue) {
                            queue.addLast(new Sent(sent, Instant.now()));
                        }
                        sentBatches.incrementAndGet();
                    } catch (RuntimeException e) {
                        System.out.println("  batch failed: " + e);
                    } finally {
                        inFlight.release();
                    }
                }, t * tickNanos, TimeUnit.SECONDS.toNanos(period), TimeUnit.NANOSECONDS);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            measuring.set(System.nanoTime());
            long sentBefore = sentBatches.get();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long measuredBatches = sentBatches.get() - sentBefore;
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            Thread.sleep(15_000); // the last batches become visible
            long elapsed = System.nanoTime() - start;

            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            System.out.printf("  [delay %s] %d batches measured (%.0f records/s offered over %.0f s), %d visible: "
                            + "p50 %.2f s, p99 %.2f s, max %.2f s%n", delay, measuredBatches,
                    measuredBatches * (double) perBatch / seconds, elapsed / 1e9, sorted.size(),
                    percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 1.0));
            System.out.printf("  [delay %s] acknowledged to measured by usage-service: p50 %.2f s, p99 %.2f s; "
                            + "measured to visible on score-service's watch: p50 %.2f s, p99 %.2f s%n", delay,
                    percentile(sorted(toMeasured), 0.50), percentile(sorted(toMeasured), 0.99),
                    percentile(sorted(toVisible), 0.50), percentile(sorted(toVisible), 0.99));
            usageChannel.shutdownNow();
            scoreChannel.shutdownNow();
        }
    }

    private static Instant adoptionMeasured(WatchScoreChangesResponse response) {
        for (CategoryScore category : response.getChange().getCategoriesList()) {
            if (category.getCategory() == Category.CATEGORY_PRODUCT_ADOPTION && category.hasMeasureTime()) {
                Timestamp t = category.getMeasureTime();
                return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
            }
        }
        return null;
    }

    private static void setUp(UsageServiceGrpc.UsageServiceBlockingStub usage, List<String> tenants, int users)
            throws InterruptedException {
        var pool = Executors.newFixedThreadPool(8);
        for (String tenant : tenants) {
            pool.submit(() -> {
                usage.setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId(tenant)
                        .setLicensedSeats(SEATS).addAllEnabledFeatures(FEATURES).build());
                for (int u = 0; u < users; u++) {
                    usage.registerUser(RegisterUserRequest.newBuilder().setTenantId(tenant).setUserId(user(u))
                            .setDepartment("dept-" + u % 5).setOrgLevel(u % 10 == 0 ? OrgLevel.ORG_LEVEL_EXECUTIVE
                                    : OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR).build());
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
    }

    /** Round r: activity of users 0..r (one more active user each round), ids unique per tenant and round. */
    private static RecordActivitiesRequest batch(String tenant, int round, int records) {
        RecordActivitiesRequest.Builder batch = RecordActivitiesRequest.newBuilder().setTenantId(tenant);
        Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        for (int i = 0; i < records; i++) {
            int user = i == 0 ? round : i % (round + 1);
            batch.addActivities(Activity.newBuilder().setActivityId(round + "-" + i).setUserId(user(user))
                    .setFeature(FEATURES.get((round + i) % FEATURES.size())).setOccurredAt(now));
        }
        return batch.build();
    }

    private static String user(int u) {
        return String.format("user-%03d", u);
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy;
        synchronized (values) {
            copy = new ArrayList<>(values);
        }
        Collections.sort(copy);
        return copy;
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e9;
    }
}
