package dev.successscore.benchmarks;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.axon.AxonSetup;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.db.Migrations;
import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.runtime.feed.FeedClientSettings;
import dev.successscore.runtime.feed.FeedMessageSource;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import dev.successscore.runtime.signal.SignalAdoptionLevel;
import dev.successscore.runtime.signal.SignalCategory;
import dev.successscore.runtime.signal.SignalKind;
import dev.successscore.runtime.signal.SignalValue;
import dev.successscore.score.ScoreService;
import dev.successscore.score.ScoreServiceSettings;
import dev.successscore.score.api.ScoreChangedEvent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The event feed's benchmark (figures printed, nothing asserted). An upstream with its own durable
 * embedded PostgreSQL serves its feed on a loopback port; score-service, on another durable
 * embedded PostgreSQL, consumes it over gRPC. It reports the catch-up throughput from a backlog,
 * the end-to-end latency at a steady rate, and the cost of the gRPC feed against reading the
 * same backlog straight from the upstream's event store.
 *
 * <p>Sizes: {@code bench.backlog} (1,000,000 measurements), {@code bench.tenants} (10,000),
 * {@code bench.rate} (500 a second), {@code bench.seconds} (30) measured after {@code bench.warmup} (15)
 * seconds at the same rate.
 */
public final class FeedBenchmark {

    private FeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = Integer.getInteger("bench.backlog", 1_000_000);
        int tenants = Integer.getInteger("bench.tenants", 10_000);
        int rate = Integer.getInteger("bench.rate", 500);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 15);
        Path dir = Files.createTempDirectory("feed-bench");
        try (Database upstreamDb = Database.start(new DatabaseSettings(null, null, null, 8, dir.resolve("up"), 0));
             Database scoreDb = Database.start(new DatabaseSettings(null, null, null, 12, dir.resolve("score"), 0))) {
            Migrations.migrateAxonSchema(upstreamDb.dataSource());
            AxonSetup upstreamAxon = AxonSetup.create(upstreamDb.dataSource(), Json.canonical());
            Configuration upstream = upstreamAxon.configurer().buildConfiguration();
            upstream.start();
            EventFeedServer feed = new EventFeedServer(upstream.eventStore(), upstreamAxon.serializer(),
                    EventFeedServer.SIGNAL_EVENTS);
            GrpcServer server = GrpcServer.forPort(0).addService(feed).build().start();
            server.markServing();
            System.out.printf("feed benchmark: %d cores; upstream and score-service each on a durable embedded "
                    + "PostgreSQL; feed on 127.0.0.1:%d%n", Runtime.getRuntime().availableProcessors(), server.port());

            Producer producer = new Producer(upstream, tenants);
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                    .build();
            Map<String, io.grpc.Channel> feeds = Map.of("usage-service", channel);

            // 1. steady state: end-to-end latency at a fixed rate, on a fresh suite
            try (ScoreService score = ScoreService.start(scoreDb.dataSource(), ScoreServiceSettings.defaults(),
                    AxonSettings.defaults(), feeds, FeedClientSettings.defaults(), Clock.systemUTC())) {
                producer.steady(rate, warmup, new ConcurrentHashMap<>());
                long[] sorted = latencies(score, producer, rate, seconds);
                System.out.printf("end-to-end latency, upstream commit -> change visible in score-service, at %d "
                        + "measurements/s for %d s: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d measurements "
                        + "(target p99 <= 500 ms)%n", rate, seconds, pct(sorted, 0.50), pct(sorted, 0.99),
                        pct(sorted, 1.0), sorted.length);
            }
            long before = producer.published();

            // 2. a backlog appended while score-service is down
            long a0 = System.nanoTime();
            producer.publish(backlog, 1000);
            System.out.printf("backlog of %,d measurements over %,d tenants appended upstream at %,.0f/s%n",
                    backlog, tenants, backlog / seconds(a0));
            double viaFeed = readAll(new FeedMessageSource("usage-service", channel, upstreamAxon.serializer(), null,
                    FeedClientSettings.defaults()), (int) (before + backlog));
            double direct = readAll(upstream.eventStore(), (int) (before + backlog));
            System.out.printf("reading every event, deserialising each payload: over the gRPC feed %,.0f/s; "
                    + "straight from the upstream's event store %,.0f/s; ratio %.2f%n", viaFeed, direct,
                    viaFeed / direct);

            // 3. score-service starts again and catches up
            long c0 = System.nanoTime();
            try (ScoreService score = ScoreService.start(scoreDb.dataSource(), ScoreServiceSettings.defaults(),
                    AxonSettings.defaults(), feeds, FeedClientSettings.defaults(), Clock.systemUTC())) {
                long target = before + backlog;
                long applied;
                long lastReport = System.nanoTime();
                while ((applied = changes(score)) < target) {
                    Thread.sleep(500);
                    if (System.nanoTime() - lastReport > 30e9) {
                        System.out.printf("  ... %,d of %,d applied%n", applied - before, backlog);
                        lastReport = System.nanoTime();
                    }
                }
                double catchUp = backlog / seconds(c0);
                System.out.printf("catch-up of the backlog into score-service over the feed: %,.0f measurements/s "
                        + "(target >= 2,000); cost of the feed: reading over gRPC runs at %.2f of reading the "
                        + "upstream's store directly%n", catchUp, viaFeed / direct);
            }
            channel.shutdownNow();
            server.stop(Duration.ofSeconds(1));
            feed.close();
            upstream.shutdown();
        }
    }

    private static long[] latencies(ScoreService score, Producer producer, int rate, int seconds)
            throws InterruptedException {
        Map<String, Long> committed = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        Thread watch = new Thread(() -> follow(score, committed, latencies), "latency-watch");
        watch.setDaemon(true);
        watch.start();
        Thread.sleep(500);
        producer.steady(rate, seconds, committed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!committed.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        watch.interrupt();
        synchronized (latencies) {
            return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    /** Notes when each measurement's change is committed in score-service (its event store tails locally). */
    private static void follow(ScoreService score, Map<String, Long> committed, List<Long> latencies) {
        try (BlockingStream<TrackedEventMessage<?>> stream =
                     score.eventStore().openStream(score.eventStore().createHeadToken())) {
            while (!Thread.currentThread().isInterrupted()) {
                if (stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)
                        && stream.nextAvailable().getPayload() instanceof ScoreChangedEvent event) {
                    long now = System.nanoTime();
                    Long at = committed.remove(event.change().cause().sourceEventId());
                    if (at != null) {
                        synchronized (latencies) {
                            latencies.add(now - at);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long changes(ScoreService score) {
        Long count = score.axonSetup().jdbcTemplate().queryForObject("SELECT count(*) FROM score_change",
                Long.class);
        return count == null ? 0 : count;
    }

    private static double readAll(org.axonframework.messaging.StreamableMessageSource<TrackedEventMessage<?>> source,
                                  int count) throws InterruptedException {
        long t0 = System.nanoTime();
        int read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            while (read < count) {
                if (stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    if (message.getPayload() instanceof MeasurementRecordedEvent) {
                        read++;
                    }
                } else {
                    throw new IllegalStateException("stream stalled after " + read + " events");
                }
            }
        }
        return read / seconds(t0);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Publishes deterministic adoption measurements as the upstream's events. */
    private static final class Producer {
        private final Configuration upstream;
        private final int tenants;
        private final long[] sequences;
        private final SplittableRandom random = new SplittableRandom(42);
        private final Instant start = Instant.parse("2025-01-01T00:00:00Z");
        private long n;

        Producer(Configuration upstream, int tenants) {
            this.upstream = upstream;
            this.tenants = tenants;
            this.sequences = new long[tenants];
        }

        MeasurementRecordedEvent next() {
            int tenant = (int) (n % tenants);
            int score = random.nextInt(101);
            List<SignalValue> signals = Arrays.asList(
                    value("license_activation", SignalKind.RATIO, score),
                    value("department_coverage", SignalKind.RATIO, random.nextInt(101)),
                    value("feature_breadth", SignalKind.RATIO, random.nextInt(101)),
                    value("usage_frequency", SignalKind.RATIO, random.nextInt(101)),
                    value("executive_exposure", SignalKind.INDICATOR, 50 * random.nextInt(3)));
            MeasurementRecordedEvent m = new MeasurementRecordedEvent("m-" + n, "tenant-" + tenant,
                    SignalCategory.PRODUCT_ADOPTION, start.plusSeconds(n), signals, SignalAdoptionLevel.USAGE,
                    "usage-service");
            n++;
            return m;
        }

        private GenericDomainEventMessage<MeasurementRecordedEvent> message(MeasurementRecordedEvent m) {
            int tenant = Integer.parseInt(m.tenantId().substring("tenant-".length()));
            return new GenericDomainEventMessage<>("TenantAdoption", m.tenantId(), sequences[tenant]++, m);
        }

        void publish(int count, int perTransaction) {
            for (int done = 0; done < count; done += perTransaction) {
                int size = Math.min(perTransaction, count - done);
                UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
                uow.attachTransaction(upstream.getComponent(
                        org.axonframework.common.transaction.TransactionManager.class));
                uow.execute(() -> Stream.generate(this::next).limit(size)
                        .forEach(m -> upstream.eventStore().publish(message(m))));
            }
        }

        long published() {
            return n;
        }

        /** Publishes at a fixed rate, one transaction each, noting when each commits. */
        void steady(int rate, int seconds, Map<String, Long> committed) throws InterruptedException {
            int total = rate * seconds;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                publishCommitted(next(), committed);
            }
        }

        void publishCommitted(MeasurementRecordedEvent m, Map<String, Long> committed) {
            UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
            uow.attachTransaction(upstream.getComponent(org.axonframework.common.transaction.TransactionManager.class));
            uow.afterCommit(u -> committed.put(m.measurementId(), System.nanoTime()));
            uow.execute(() -> upstream.eventStore().publish(message(m)));
        }

        private static SignalValue value(String key, SignalKind kind, int score) {
            return new SignalValue(key, kind, score, BigDecimal.valueOf(score), BigDecimal.valueOf(100), null, key);
        }
    }
}
