package dev.successscore.benchmarks;

import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.usage.grpc.UsageMethodRoles;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.usage.UsageService;
import dev.successscore.usage.UsageServiceSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;
import successscore.usage.v1.Activity;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service's benchmark (figures printed, nothing asserted), on a durable embedded PostgreSQL (fsync on).
 *
 * <ol>
 *   <li><b>Ingest</b>: {@code bench.clients} client threads (4) send {@code bench.records} activity records (1,000,000)
 *       through {@code RecordActivities} on a loopback TCP port in batches of {@code bench.batch} (1,000), after
 *       {@code bench.warmupRecords} (200,000); every record is de-duplicated, stored raw and rolled up. Then the same
 *       number of rows is copied with {@code COPY} into the same raw table: the practical limit, and the ratio.</li>
 *   <li><b>Measuring</b>: {@code bench.tenants} tenants (10,000) with {@code bench.users} users each (100) and a
 *       full 28-day window of rollups (each user active on 1-28 days, one of 10 features a day) are loaded with
 *       {@code COPY}; then every tenant is measured ({@code bench.workers} workers, 2) and the time reported, once
 *       for the first measurement (an event recorded per tenant) and once unchanged (the daily re-measurement).
 *       Heap after a full GC and the JVM's resident set are reported at that size.</li>
 * </ol>
 */
public final class UsageBenchmark {

    private static final int FEATURES = 10;

    private UsageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 4);
        int records = Integer.getInteger("bench.records", 1_000_000);
        int warmup = Integer.getInteger("bench.warmupRecords", 200_000);
        int batch = Integer.getInteger("bench.batch", 1000);
        int tenants = Integer.getInteger("bench.tenants", 10_000);
        int users = Integer.getInteger("bench.users", 100);
        int workers = Integer.getInteger("bench.workers", 2);
        Instant now = Instant.now();
        Path dir = Files.createTempDirectory("usage-bench");
        try (Database database = Database.start(new DatabaseSettings(null, null, null, 12, dir, 0))) {
            UsageService service = UsageService.start(database.dataSource(),
                    UsageServiceSettings.defaults().withoutBackgroundMeasuring().withMeasureWorkers(workers),
                    AxonSettings.defaults(), FeedServerSettings.defaults(), Clock.systemUTC());
            GrpcServer server = GrpcServer.forPort(0).addServices(service.grpcServices())
                    .intercept(new ErrorMappingInterceptor(),
                        AuthInterceptor.insecureWithoutAuthentication(UsageMethodRoles.ROLES)).build().start();
            server.markServing();
            System.out.printf("usage benchmark: %d cores; usage-service on a durable embedded PostgreSQL (fsync on); "
                    + "gRPC on 127.0.0.1:%d%n", Runtime.getRuntime().availableProcessors(), server.port());
            try {
                ingest(server.port(), database.dataSource(), clients, records, warmup, batch, now);
                measuring(service, database.dataSource(), tenants, users, workers, now);
            } finally {
                service.feed().close();
                server.stop(Duration.ofSeconds(5));
                service.close();
            }
        }
    }

    private static void ingest(int port, DataSource dataSource, int clients, int records, int warmup, int batch,
                               Instant now) throws Exception {
        int ingestTenants = 100;
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
        }
        UsageServiceGrpc.UsageServiceBlockingStub admin = UsageServiceGrpc.newBlockingStub(channels.get(0));
        for (int t = 0; t < ingestTenants; t++) {
            admin.withDeadlineAfter(10, TimeUnit.SECONDS).setEntitlements(SetEntitlementsRequest.newBuilder()
                    .setTenantId("ingest-" + t).setLicensedSeats(100).addAllEnabledFeatures(features()).build());
        }
        List<RecordActivitiesRequest> warm = batches("w", warmup, batch, ingestTenants, now, 1);
        List<RecordActivitiesRequest> measured = batches("m", records, batch, ingestTenants, now, 2);
        send(channels, warm);
        long started = System.nanoTime();
        long accepted = send(channels, measured);
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = accepted / seconds;
        System.out.printf("ingest: %,d records in %.1f s through RecordActivities (%d clients, batches of %,d, "
                + "de-duplicated, raw + rollup): %,.0f records/s (target 50,000)%n", accepted, seconds, clients,
                batch, rate);
        long resent = send(channels, measured.subList(0, Math.min(measured.size(), 200)));
        System.out.printf("ingest: %,d records resent, all counted as duplicates%n", resent);

        double copyRate = copy(dataSource, records, ingestTenants, now);
        System.out.printf("COPY: %,d raw rows into usage_activity: %,.0f rows/s; ingest reaches %.2f of COPY%n",
                records, copyRate, rate / copyRate);
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private static List<String> features() {
        List<String> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add("feature-" + f);
        }
        return features;
    }

    private static List<RecordActivitiesRequest> batches(String prefix, int records, int batch, int tenants,
                                                         Instant now, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RecordActivitiesRequest> requests = new ArrayList<>();
        for (int start = 0; start < records; start += batch) {
            RecordActivitiesRequest.Builder request = RecordActivitiesRequest.newBuilder()
                    .setTenantId("ingest-" + random.nextInt(tenants));
            for (int i = start; i < Math.min(records, start + batch); i++) {
                request.addActivities(Activity.newBuilder()
                        .setActivityId(prefix + "-" + i)
                        .setUserId("user-" + random.nextInt(100))
                        .setFeature(random.nextInt(4) == 0 ? "" : "feature-" + random.nextInt(FEATURES))
                        .setOccurredAt(ProtoTime.timestamp(now.minusSeconds(random.nextInt(28 * 86_400)))));
            }
            requests.add(request.build());
        }
        return requests;
    }

    private static long send(List<ManagedChannel> channels, List<RecordActivitiesRequest> requests)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(channels.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ManagedChannel channel : channels) {
                UsageServiceGrpc.UsageServiceBlockingStub stub = UsageServiceGrpc.newBlockingStub(channel);
                running.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        RecordActivitiesResponse response = stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                                .recordActivities(requests.get((int) i));
                        if (response.getRejectedCount() > 0) {
                            throw new IllegalStateException("rejected: " + response.getRejected(0));
                        }
                        accepted.addAndGet(response.getAcceptedCount());
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return accepted.get();
    }

    private static double copy(DataSource dataSource, int rows, int tenants, Instant now) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder text = new StringBuilder(rows * 80);
        for (int i = 0; i < rows; i++) {
            text.append("ingest-").append(random.nextInt(tenants)).append('\t')
                    .append("copy-").append(i).append('\t')
                    .append("user-").append(random.nextInt(100)).append('\t')
                    .append(random.nextInt(4) == 0 ? "" : "feature-" + random.nextInt(FEATURES)).append('\t')
                    .append(now.minusSeconds(random.nextInt(28 * 86_400))).append('\n');
        }
        String data = text.toString();
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY usage_activity (tenant_id, activity_id, user_id, feature, occurred_at) FROM STDIN",
                    new StringReader(data));
        }
        return rows / ((System.nanoTime() - started) / 1e9);
    }

    private static void measuring(UsageService service, DataSource dataSource, int tenants, int users, int workers,
                                  Instant now) throws Exception {
        long loadStarted = System.nanoTime();
        long rollups = loadTenants(dataSource, tenants, users, now);
        System.out.printf("measuring: loaded %,d tenants x %,d users, %,d rollup rows over a full window with COPY "
                + "in %.1f s%n", tenants, users, rollups, (System.nanoTime() - loadStarted) / 1e9);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("VACUUM ANALYZE usage_daily");
        jdbc.execute("VACUUM ANALYZE usage_user");
        List<String> ids = jdbc.queryForList("SELECT tenant_id FROM usage_tenant WHERE tenant_id LIKE 'm-%'",
                String.class);
        long readStarted = System.nanoTime();
        Instant at = Instant.now();
        for (String id : ids) {
            service.measurements().evaluate(id, at);
        }
        double readSeconds = (System.nanoTime() - readStarted) / 1e9;
        System.out.printf("measuring: reading the facts and computing the signals alone, one thread: %,d tenants "
                + "in %.1f s, %.2f ms a tenant%n", ids.size(), readSeconds, readSeconds * 1000 / ids.size());
        for (String pass : List.of("first measurement, one event per tenant", "unchanged, nothing recorded")) {
            service.measurements().markAllDue(Instant.now().minusSeconds(1));
            long started = System.nanoTime();
            int measured = service.measurements().measureEach(ids);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("measuring (%s): %,d tenants in %.1f s with %d workers, %.0f tenants/s "
                    + "(target: 10,000 in under 60 s)%n", pass, measured, seconds, workers, measured / seconds);
        }
        Long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        System.out.printf("measuring: %,d events in the event store%n", events);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("memory at %,d tenants: heap used after GC %,d MiB, JVM resident set %s, max heap %,d MiB; "
                + "database %s%n", tenants, heap >> 20, residentSet(), Runtime.getRuntime().maxMemory() >> 20,
                jdbc.queryForObject("SELECT pg_size_pretty(pg_database_size(current_database()))", String.class));
    }

    /** Entitlements, directory and rollups of the measuring tenants, copied in directly. */
    private static long loadTenants(DataSource dataSource, int tenants, int users, Instant now) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String featureArray = "{" + String.join(",", features()) + "}";
        String[] levels = {"INDIVIDUAL_CONTRIBUTOR", "MANAGER", "EXECUTIVE"};
        long rollups = 0;
        try (Connection connection = dataSource.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            int chunk = 500;
            for (int from = 0; from < tenants; from += chunk) {
                StringBuilder tenantRows = new StringBuilder();
                StringBuilder entitlementRows = new StringBuilder();
                StringBuilder userRows = new StringBuilder();
                StringBuilder dailyRows = new StringBuilder();
                for (int t = from; t < Math.min(tenants, from + chunk); t++) {
                    String tenant = String.format("m-%05d", t);
                    int seats = users + random.nextInt(users / 2 + 1);
                    tenantRows.append(tenant).append('\t').append(seats).append('\t').append(featureArray)
                            .append("\t1\t").append(now.minus(Duration.ofDays(400))).append('\n');
                    entitlementRows.append(tenant).append("\t1\t").append(seats).append('\t').append(featureArray)
                            .append('\t').append(now.minus(Duration.ofDays(400))).append('\n');
                    for (int u = 0; u < users; u++) {
                        String user = String.format("u%03d", u);
                        userRows.append(tenant).append('\t').append(user).append("\tdept-").append(u % 7)
                                .append('\t').append(levels[u % 10 == 0 ? 2 : u % 5 == 0 ? 1 : 0])
                                .append("\ttrue\t").append(now.minus(Duration.ofDays(400))).append('\t')
                                .append(now.minus(Duration.ofDays(400))).append('\n');
                    }
                    for (int d = 27; d >= 0; d--) {
                        LocalDate day = today.minusDays(d);
                        for (int u = 0; u < users; u++) {
                            // user u is active on a share of days that grows with u
                            if (random.nextInt(100) < 10 + (u % 10) * 9) {
                                dailyRows.append(tenant).append('\t').append(day).append('\t')
                                        .append(String.format("u%03d", u)).append("\tfeature-")
                                        .append(random.nextInt(FEATURES)).append('\t')
                                        .append(1 + random.nextInt(20)).append('\n');
                                rollups++;
                            }
                        }
                    }
                }
                copy.copyIn("COPY usage_tenant (tenant_id, licensed_seats, enabled_features, entitlement_version, "
                        + "created_at) FROM STDIN", new StringReader(tenantRows.toString()));
                copy.copyIn("COPY usage_entitlement (tenant_id, version, licensed_seats, enabled_features, "
                        + "changed_at) FROM STDIN", new StringReader(entitlementRows.toString()));
                copy.copyIn("COPY usage_user (tenant_id, user_id, department, org_level, active, registered_at, "
                        + "updated_at) FROM STDIN", new StringReader(userRows.toString()));
                copy.copyIn("COPY usage_daily (tenant_id, day, user_id, feature, events) FROM STDIN",
                        new StringReader(dailyRows.toString()));
            }
        }
        return rollups;
    }

    private static String residentSet() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.substring(6).trim()).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
