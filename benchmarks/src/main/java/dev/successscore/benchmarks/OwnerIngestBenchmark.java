package dev.successscore.benchmarks;

import com.google.protobuf.Message;
import dev.successscore.expertise.ExpertiseService;
import dev.successscore.expertise.ExpertiseServiceSettings;
import dev.successscore.health.HealthService;
import dev.successscore.health.HealthServiceSettings;
import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.ErrorMappingInterceptor;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.MethodRoles;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.expertise.v1.ExpertiseServiceGrpc;
import successscore.expertise.v1.RecordCreditsRequest;
import successscore.expertise.v1.RecordCreditsResponse;
import successscore.health.v1.Alert;
import successscore.health.v1.AlertKind;
import successscore.health.v1.EnrollMonitoringRequest;
import successscore.health.v1.HealthServiceGrpc;
import successscore.health.v1.ReportAlertsRequest;
import successscore.health.v1.ReportAlertsResponse;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;

/**
 * Ingest into expertise-service ({@code RecordCredits}) and health-service ({@code ReportAlerts}), each on its own
 * durable embedded PostgreSQL (fsync on), with the client in the same JVM over a loopback TCP port (figures printed,
 * nothing asserted). {@code bench.records} records (300,000) each in batches of {@code bench.batch} (1,000) from
 * {@code bench.clients} client threads (4), after {@code bench.warmupRecords} (50,000); then as many rows copied with
 * {@code COPY} into the same table, for the ratio.
 */
public final class OwnerIngestBenchmark {

    private static final int TENANTS = 100;

    private OwnerIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 300_000);
        int warmup = Integer.getInteger("bench.warmupRecords", 50_000);
        int batch = Integer.getInteger("bench.batch", 1000);
        int clients = Integer.getInteger("bench.clients", 4);
        Instant now = Instant.now();
        System.out.printf("owner ingest benchmark: %d cores; each service on a durable embedded PostgreSQL (fsync on)%n",
                Runtime.getRuntime().availableProcessors());
        credits(records, warmup, batch, clients, now);
        alerts(records, warmup, batch, clients, now);
    }

    private static void credits(int records, int warmup, int batch, int clients, Instant now) throws Exception {
        Path dir = Files.createTempDirectory("credit-bench");
        try (Database database = Database.start(new DatabaseSettings(null, null, null, 12, dir, 0))) {
            ManagedChannel nowhere = ManagedChannelBuilder.forTarget("localhost:1").usePlaintext().build();
            ExpertiseService service = ExpertiseService.start(database.dataSource(),
                    ExpertiseServiceSettings.defaults().forTests(), AxonSettings.defaults(),
                    FeedServerSettings.defaults(), nowhere, Clock.systemUTC());
            try {
                BiFunction<String, Integer, Message> next = creditBatches(now, batch);
                double rate = run("credits through RecordCredits",
                        dev.successscore.expertise.grpc.ExpertiseMethodRoles.ROLES,
                        service.grpcServices(), clients, records, warmup,
                        batch, next, (channel, request) -> {
                            RecordCreditsResponse response = ExpertiseServiceGrpc.newBlockingStub(channel)
                                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                                    .recordCredits((RecordCreditsRequest) request);
                            return (long) response.getAcceptedCount() - response.getRejectedCount();
                        });
                StringBuilder rows = new StringBuilder();
                SplittableRandom random = new SplittableRandom(5);
                for (int i = 0; i < records; i++) {
                    rows.append("t-").append(random.nextInt(TENANTS)).append("\tcopy-").append(i).append("\tuser-")
                            .append(random.nextInt(500)).append("\tBADGE\tbadge-").append(random.nextInt(50))
                            .append('\t').append(now.minusSeconds(random.nextInt(86_400 * 365))).append("\t\\N\t\\N\n");
                }
                new org.springframework.jdbc.core.JdbcTemplate(database.dataSource()).update("""
                        INSERT INTO expertise_tenant (tenant_id, created_at)
                        SELECT 't-' || g, now() FROM generate_series(0, ?) g ON CONFLICT DO NOTHING""", TENANTS - 1);
                double copy = copy(database.dataSource(), "expertise_credit", rows.toString(), records);
                System.out.printf("COPY: %,d rows into expertise_credit: %,.0f rows/s; RecordCredits reaches %.2f of COPY%n",
                        records, copy, rate / copy);
            } finally {
                service.feed().close();
                service.close();
                nowhere.shutdownNow();
            }
        }
    }

    private static void alerts(int records, int warmup, int batch, int clients, Instant now) throws Exception {
        Path dir = Files.createTempDirectory("alert-bench");
        try (Database database = Database.start(new DatabaseSettings(null, null, null, 12, dir, 0))) {
            HealthService service = HealthService.start(database.dataSource(),
                    HealthServiceSettings.defaults().withoutBackgroundMeasuring(), AxonSettings.defaults(),
                    FeedServerSettings.defaults(), Clock.systemUTC());
            try {
                BiFunction<String, Integer, Message> next = alertBatches(now, batch);
                double rate = run("alerts through ReportAlerts", dev.successscore.health.grpc.HealthMethodRoles.ROLES,
                        service.grpcServices(), clients, records, warmup,
                        batch, next, (channel, request) -> {
                            ReportAlertsResponse response = HealthServiceGrpc.newBlockingStub(channel)
                                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                                    .reportAlerts((ReportAlertsRequest) request);
                            return (long) response.getAcceptedCount() - response.getRejectedCount();
                        }, channel -> {
                            for (int t = 0; t < TENANTS; t++) {
                                HealthServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                                        .enrollMonitoring(EnrollMonitoringRequest.newBuilder().setTenantId("t-" + t)
                                                .addSubcategories(Subcategory.SUBCATEGORY_PERFORMANCE)
                                                .addSubcategories(Subcategory.SUBCATEGORY_RELIABILITY)
                                                .addSubcategories(Subcategory.SUBCATEGORY_SECURITY)
                                                .addSubcategories(Subcategory.SUBCATEGORY_LIMITS).build());
                            }
                        });
                StringBuilder rows = new StringBuilder();
                SplittableRandom random = new SplittableRandom(6);
                String[] subcategories = {"PERFORMANCE", "RELIABILITY", "SECURITY", "LIMITS"};
                String[] severities = {"CRITICAL", "MAJOR", "MINOR"};
                for (int i = 0; i < records; i++) {
                    rows.append("t-").append(random.nextInt(TENANTS)).append("\tcopy-").append(i).append("\tALERT\t")
                            .append(subcategories[random.nextInt(4)]).append('\t').append(severities[random.nextInt(3)])
                            .append('\t').append(now.minusSeconds(random.nextInt(86_400 * 30))).append("\t\\N\n");
                }
                double copy = copy(database.dataSource(), "health_alert", rows.toString(), records);
                System.out.printf("COPY: %,d rows into health_alert: %,.0f rows/s; ReportAlerts reaches %.2f of COPY%n",
                        records, copy, rate / copy);
            } finally {
                service.feed().close();
                service.close();
            }
        }
    }

    private static BiFunction<String, Integer, Message> creditBatches(Instant now, int batch) {
        SplittableRandom random = new SplittableRandom(1);
        CreditKind[] kinds = {CreditKind.CREDIT_KIND_BADGE, CreditKind.CREDIT_KIND_SUPERBADGE,
                CreditKind.CREDIT_KIND_COURSE, CreditKind.CREDIT_KIND_EVENT_ATTENDANCE};
        return (prefix, start) -> {
            RecordCreditsRequest.Builder request = RecordCreditsRequest.newBuilder()
                    .setTenantId("t-" + random.nextInt(TENANTS));
            for (int i = start; i < start + batch; i++) {
                Instant earned = now.minusSeconds(random.nextInt(86_400 * 365));
                Credit.Builder credit = Credit.newBuilder().setCreditId(prefix + i)
                        .setUserId("user-" + random.nextInt(500)).setCredentialId("cred-" + random.nextInt(50))
                        .setEarnedAt(ProtoTime.timestamp(earned));
                if (random.nextInt(10) == 0) {
                    credit.setKind(CreditKind.CREDIT_KIND_CERTIFICATION)
                            .setExpiresAt(ProtoTime.timestamp(earned.plus(Duration.ofDays(730))));
                } else {
                    credit.setKind(kinds[random.nextInt(kinds.length)]);
                }
                request.addCredits(credit);
            }
            return request.build();
        };
    }

    private static BiFunction<String, Integer, Message> alertBatches(Instant now, int batch) {
        SplittableRandom random = new SplittableRandom(2);
        return (prefix, start) -> {
            ReportAlertsRequest.Builder request = ReportAlertsRequest.newBuilder()
                    .setTenantId("t-" + random.nextInt(TENANTS));
            for (int i = start; i < start + batch; i++) {
                Instant opened = now.minusSeconds(random.nextInt(86_400 * 30));
                Alert.Builder alert = Alert.newBuilder().setAlertId(prefix + i)
                        .setKind(random.nextInt(5) == 0 ? AlertKind.ALERT_KIND_ANOMALY : AlertKind.ALERT_KIND_ALERT)
                        .setSubcategoryValue(1 + random.nextInt(4)).setSeverityValue(1 + random.nextInt(3))
                        .setOpenedAt(ProtoTime.timestamp(opened));
                if (random.nextBoolean()) {
                    alert.setResolvedAt(ProtoTime.timestamp(opened.plusSeconds(random.nextInt(3600))));
                }
                request.addAlerts(alert);
            }
            return request.build();
        };
    }

    private interface Call {
        long send(ManagedChannel channel, Message request);
    }

    private interface Setup {
        void run(ManagedChannel channel);
    }

    private static double run(String what, MethodRoles roles, List<BindableService> services, int clients,
                              int records, int warmup, int batch, BiFunction<String, Integer, Message> next, Call call)
            throws Exception {
        return run(what, roles, services, clients, records, warmup, batch, next, call, channel -> { });
    }

    private static double run(String what, MethodRoles roles, List<BindableService> services, int clients,
                              int records, int warmup,
                              int batch, BiFunction<String, Integer, Message> next, Call call, Setup setup)
            throws Exception {
        GrpcServer server = GrpcServer.forPort(0).addServices(services).intercept(new ErrorMappingInterceptor(),
                        dev.successscore.runtime.security.AuthInterceptor.insecureWithoutAuthentication(roles))
                .build().start();
        server.markServing();
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
        }
        try {
            setup.run(channels.get(0));
            List<Message> warm = new ArrayList<>();
            for (int start = 0; start < warmup; start += batch) {
                warm.add(next.apply("w", start));
            }
            List<Message> measured = new ArrayList<>();
            for (int start = 0; start < records; start += batch) {
                measured.add(next.apply("m", start));
            }
            send(channels, warm, call);
            long started = System.nanoTime();
            long accepted = send(channels, measured, call);
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = accepted / seconds;
            System.out.printf("ingest: %,d %s in %.1f s (%d clients, batches of %,d, de-duplicated): %,.0f records/s "
                    + "(target 20,000)%n", accepted, what, seconds, clients, batch, rate);
            return rate;
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            server.stop(Duration.ofSeconds(5));
        }
    }

    private static long send(List<ManagedChannel> channels, List<Message> requests, Call call) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(channels.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ManagedChannel channel : channels) {
                running.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        accepted.addAndGet(call.send(channel, requests.get((int) i)));
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

    private static double copy(DataSource dataSource, String table, String rows, int count) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY " + table + " FROM STDIN", new StringReader(rows));
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }
}
