package dev.successscore.benchmarks;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.score.ScoreService;
import dev.successscore.score.ScoreServiceSettings;
import dev.successscore.score.api.ApplyMeasurementCommand;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

/**
 * score-service's benchmark (figures printed, nothing asserted): changes applied per second across
 * tenants and for one tenant, the time to load a tenant with a long history (snapshots), the
 * VerifyHistory throughput and the read-model rebuild throughput. It runs on an embedded
 * PostgreSQL with durable commits (fsync and synchronous_commit on), as the product does.
 *
 * <p>Sizes are system properties: {@code bench.tenants} (1000), {@code bench.changes} (20000
 * changes spread over the tenants), {@code bench.threads} (8), {@code bench.longHistory} (100000
 * changes of one tenant).
 */
public final class ScoreBenchmark {

    private ScoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = Integer.getInteger("bench.tenants", 1000);
        int changes = Integer.getInteger("bench.changes", 20_000);
        int threads = Integer.getInteger("bench.threads", 8);
        int longHistory = Integer.getInteger("bench.longHistory", 100_000);
        Path dataDir = Files.createTempDirectory("score-bench");
        DatabaseSettings dbSettings = new DatabaseSettings(null, null, null, threads + 4, dataDir.resolve("pg"), 0);
        try (Database database = Database.start(dbSettings);
             ScoreService service = ScoreService.start(database.dataSource(), ScoreServiceSettings.defaults(),
                     AxonSettings.defaults(), Clock.systemUTC())) {
            System.out.printf("score-service benchmark: %d cores, PostgreSQL embedded with durable commits%n",
                    Runtime.getRuntime().availableProcessors());
            Instant start = Instant.parse("2025-01-01T00:00:00Z");

            double acrossTenants = applyAcrossTenants(service, tenants, changes, threads, start, 1, "a");
            System.out.printf("changes applied across %d tenants, %d threads, one transaction per change: "
                    + "%,.0f changes/s (bare Axon commands, 8 threads, durable: 2,839/s, ratio %.2f)%n", tenants,
                    threads, acrossTenants, acrossTenants / 2839);
            int batch = Integer.getInteger("bench.batch", 50);
            double batched = applyAcrossTenants(service, tenants, changes, threads, start, batch, "b");
            System.out.printf("changes applied across %d tenants, %d threads, %d changes per transaction (as a feed "
                    + "batch applies them): %,.0f changes/s (target >= 2,000; ratio to bare Axon commands %.2f)%n",
                    tenants, threads, batch, batched, batched / 2839);

            long t0 = System.nanoTime();
            Measurements generator = new Measurements(7);
            int oneByOne = Math.min(longHistory, 5_000);
            for (int i = 0; i < oneByOne; i++) {
                Measurement m = generator.next("long-history", i, start.plusSeconds(i));
                service.commands().sendAndWait(new ApplyMeasurementCommand(m.tenantId(), m));
            }
            double oneTenant = oneByOne / seconds(t0);
            System.out.printf("changes applied to one tenant, 1 thread, one transaction per change: %,.0f changes/s "
                    + "(bare Axon, 1 thread, 1 aggregate, durable: 763/s, ratio %.2f)%n", oneTenant, oneTenant / 763);
            long b0 = System.nanoTime();
            List<Measurement> pending = new ArrayList<>();
            for (int i = oneByOne; i < longHistory; i++) {
                pending.add(generator.next("long-history", i, start.plusSeconds(i)));
                if (pending.size() == 50 || i == longHistory - 1) {
                    service.applyMeasurements(pending);
                    pending.clear();
                }
            }
            System.out.printf("changes applied to one tenant, 1 thread, 50 per transaction: %,.0f changes/s%n",
                    (longHistory - oneByOne) / seconds(b0));

            double[] loads = new double[25];
            ScoreServiceSettings uncached = ScoreServiceSettings.defaults().withCachedTenants(0);
            try (ScoreService cold = ScoreService.start(database.dataSource(), uncached, AxonSettings.defaults(),
                    Clock.systemUTC())) {
                for (int i = 0; i < loads.length; i++) {
                    long l0 = System.nanoTime();
                    DefaultUnitOfWork.startAndGet(null).execute(() -> cold.tenantRepository().load("long-history"));
                    loads[i] = (System.nanoTime() - l0) / 1e6;
                }
            }
            Arrays.sort(loads);
            System.out.printf("load of a %,d-change tenant, not cached (snapshot every %d): median %.1f ms, max %.1f ms "
                    + "(target < 50 ms; bare Axon with snapshot: 2.1 ms)%n", longHistory,
                    ScoreServiceSettings.defaults().snapshotThreshold(), loads[loads.length / 2],
                    loads[loads.length - 1]);

            List<String> runs = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                long v0 = System.nanoTime();
                VerificationReport report = service.verifier().verify(List.of("long-history"));
                runs.add(String.format("%,.0f", report.changesChecked() / seconds(v0)) + (report.valid() ? "" : " INVALID"));
            }
            System.out.printf("VerifyHistory of one %,d-change tenant, 3 runs: %s changes/s (target >= 20,000)%n",
                    longHistory, String.join(" / ", runs));

            long r0 = System.nanoTime();
            long replayed = service.rebuilder().rebuild();
            double rebuild = replayed / seconds(r0);
            System.out.printf("read-model rebuild: %,d changes at %,.0f changes/s%n", replayed, rebuild);
        }
    }

    private static double applyAcrossTenants(ScoreService service, int tenants, int changes, int threads,
                                             Instant start, int batch, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                Measurements generator = new Measurements(worker);
                List<Measurement> pending = new ArrayList<>();
                long n;
                while ((n = next.getAndIncrement()) < changes) {
                    // tenants are partitioned by worker so that each tenant's changes stay in order
                    long tenant = (n % (tenants / threads)) * threads + worker;
                    long sequence = n / tenants;
                    pending.add(generator.next(prefix + "-tenant-" + tenant, n,
                            start.plus(Duration.ofMinutes(sequence)).plusMillis(n)));
                    if (pending.size() == batch) {
                        service.applyMeasurements(pending);
                        pending.clear();
                    }
                }
                if (!pending.isEmpty()) {
                    service.applyMeasurements(pending);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double rate = changes / seconds(t0);
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return rate;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
