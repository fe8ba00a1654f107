package dev.successscore.benchmarks;

import dev.successscore.runtime.axon.AxonSettings;
import dev.successscore.runtime.db.Database;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.feed.FeedServerSettings;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.security.AuthSettings;
import dev.successscore.runtime.security.BearerTokens;
import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.security.TestIssuer;
import dev.successscore.runtime.tls.TestCertificates;
import dev.successscore.runtime.tls.TlsSettings;
import dev.successscore.runtime.tls.TransportSecurity;
import dev.successscore.score.ScoreService;
import dev.successscore.score.ScoreServiceSettings;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.grpc.ScoreMethodRoles;
import dev.successscore.usage.UsageService;
import dev.successscore.usage.UsageServiceSettings;
import dev.successscore.usage.grpc.UsageMethodRoles;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.usage.v1.Activity;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * What transport security and caller authentication cost (figures printed, nothing asserted): the same service
 * instance served twice in one run, once in plaintext without authentication and once as in production, over mutual
 * TLS with a bearer JWT (RS256) verified on every call, and the same load sent to each in alternating rounds.
 *
 * <ol>
 *   <li><b>Ingest</b>: usage-service's {@code RecordActivities}, {@code bench.clients} client threads (4) sending
 *       batches of {@code bench.batch} records (100), every record new, on a durable embedded PostgreSQL.</li>
 *   <li><b>GetScore</b>: score-service's {@code GetScore} for {@code bench.tenants} scored tenants (1,000), from
 *       {@code bench.readers} client threads (8).</li>
 * </ol>
 *
 * <p>Each path runs {@code bench.rounds} (3) rounds per mode of {@code bench.seconds} (10 s) each after a warm-up
 * round per mode; the median round of each mode is reported with the ratio secure / plaintext (target at least
 * 0.70: at most 30% lower throughput).
 */
public final class SecurityCostBenchmark {

    private static final int INGEST_TENANTS = 100;
    private static final int USERS = 100;

    private SecurityCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        Duration round = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
        Path dir = Files.createTempDirectory("security-bench");
        Secured secured = Secured.create(dir);
        System.out.printf("security cost benchmark: %d cores; plaintext without authentication vs mutual TLS "
                + "with an RS256 bearer token checked on every call; %d rounds of %d s per mode, alternating%n",
                Runtime.getRuntime().availableProcessors(), rounds, round.toSeconds());
        try (TransportSecurity serverTls = TransportSecurity.start(secured.serverTls());
             TransportSecurity clientTls = TransportSecurity.start(secured.clientTls())) {
            ingest(dir, secured, serverTls, clientTls, rounds, round);
            getScore(dir, secured, serverTls, clientTls, rounds, round);
        }
    }

    private static void ingest(Path dir, Secured secured, TransportSecurity serverTls, TransportSecurity clientTls,
                               int rounds, Duration round) throws Exception {
        int clients = Integer.getInteger("bench.clients", 4);
        int batch = Integer.getInteger("bench.batch", 100);
        try (Database database = Database.start(new DatabaseSettings(null, null, null, 12, dir.resolve("usage"), 0))) {
            UsageService service = UsageService.start(database.dataSource(),
                    UsageServiceSettings.defaults().withoutBackgroundMeasuring(), AxonSettings.defaults(),
                    FeedServerSettings.defaults(), Clock.systemUTC());
            try (Pair servers = Pair.start(service.grpcServices(), UsageMethodRoles.ROLES, secured, serverTls,
                    clientTls, clients)) {
                UsageServiceGrpc.UsageServiceBlockingStub admin = UsageServiceGrpc.newBlockingStub(servers.plain.get(0));
                for (int t = 0; t < INGEST_TENANTS; t++) {
                    admin.withDeadlineAfter(10, TimeUnit.SECONDS).setEntitlements(SetEntitlementsRequest.newBuilder()
                            .setTenantId("ingest-" + t).setLicensedSeats(USERS).addEnabledFeatures("reports").build());
                }
                AtomicLong ids = new AtomicLong();
                Instant now = Instant.now();
                Function<Channel, Load> load = channel -> {
                    UsageServiceGrpc.UsageServiceBlockingStub stub = UsageServiceGrpc.newBlockingStub(channel);
                    SplittableRandom random = new SplittableRandom(ids.get());
                    return () -> {
                        long first = ids.getAndAdd(batch);
                        RecordActivitiesRequest.Builder request = RecordActivitiesRequest.newBuilder()
                                .setTenantId("ingest-" + random.nextInt(INGEST_TENANTS));
                        for (long id = first; id < first + batch; id++) {
                            request.addActivities(Activity.newBuilder().setActivityId("a-" + id)
                                    .setUserId("user-" + random.nextInt(USERS)).setFeature("reports")
                                    .setOccurredAt(ProtoTime.timestamp(now.minusSeconds(random.nextInt(86_400)))));
                        }
                        return stub.withDeadlineAfter(60, TimeUnit.SECONDS).recordActivities(request.build())
                                .getAcceptedCount();
                    };
                };
                compare("ingest (RecordActivities, batches of " + batch + ", " + clients + " clients)", "records/s",
                        servers, load, rounds, round);
            } finally {
                service.feed().close();
                service.close();
            }
        }
    }

    private static void getScore(Path dir, Secured secured, TransportSecurity serverTls, TransportSecurity clientTls,
                                 int rounds, Duration round) throws Exception {
        int tenants = Integer.getInteger("bench.tenants", 1000);
        int readers = Integer.getInteger("bench.readers", 8);
        try (Database database = Database.start(new DatabaseSettings(null, null, null, 12, dir.resolve("score"), 0));
             ScoreService service = ScoreService.start(database.dataSource(), ScoreServiceSettings.defaults(),
                     AxonSettings.defaults(), Clock.systemUTC())) {
            Measurements generator = new Measurements(11);
            Instant start = Instant.parse("2025-01-01T00:00:00Z");
            List<Measurement> pending = new ArrayList<>();
            for (int t = 0; t < tenants; t++) {
                pending.add(generator.next("tenant-" + t, t, start.plusSeconds(t)));
                if (pending.size() == 50) {
                    service.applyMeasurements(pending);
                    pending.clear();
                }
            }
            service.applyMeasurements(pending);
            try (Pair servers = Pair.start(service.grpcServices(), ScoreMethodRoles.ROLES, secured, serverTls,
                    clientTls, readers)) {
                AtomicLong next = new AtomicLong();
                Function<Channel, Load> load = channel -> {
                    ScoreServiceGrpc.ScoreServiceBlockingStub stub = ScoreServiceGrpc.newBlockingStub(channel);
                    return () -> {
                        stub.withDeadlineAfter(10, TimeUnit.SECONDS).getScore(GetScoreRequest.newBuilder()
                                .setTenantId("tenant-" + next.getAndIncrement() % tenants).build());
                        return 1;
                    };
                };
                compare("GetScore (" + readers + " clients, " + tenants + " tenants)", "calls/s", servers, load,
                        rounds, round);
            }
        }
    }

    private static void compare(String path, String unit, Pair servers, Function<Channel, Load> load, int rounds,
                                Duration round) throws Exception {
        run(servers.plain, load, round.dividedBy(2));
        run(servers.secure, load, round.dividedBy(2));
        double[] plain = new double[rounds];
        double[] secure = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            plain[r] = run(servers.plain, load, round);
            secure[r] = run(servers.secure, load, round);
        }
        double plainMedian = median(plain);
        double secureMedian = median(secure);
        System.out.printf("%s: plaintext, no auth %s %s; mutual TLS + token %s %s; medians %,.0f vs %,.0f: "
                        + "ratio %.2f, throughput %+.0f%% (target: at most 30%% lower)%n", path, format(plain), unit,
                format(secure), unit, plainMedian, secureMedian, secureMedian / plainMedian,
                100 * (secureMedian / plainMedian - 1));
    }

    private static double run(List<Channel> channels, Function<Channel, Load> load, Duration duration)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(channels.size());
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Channel channel : channels) {
                Load client = load.apply(channel);
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        done.addAndGet(client.call());
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
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(double[] values) {
        List<String> text = new ArrayList<>();
        for (double value : values) {
            text.add(String.format("%,.0f", value));
        }
        return String.join(" / ", text);
    }

    /** One unit of load; returns how many units it completed (records or calls). */
    private interface Load {
        long call();
    }

    /** The certificates, the token issuer and a token allowed everything on every tenant. */
    private record Secured(TlsSettings serverTls, TlsSettings clientTls, AuthSettings auth, TestIssuer issuer,
                           String token) {

        static Secured create(Path dir) {
            TestCertificates.Authority ca = TestCertificates.authority("bench-ca");
            Path caFile = ca.writeTo(dir.resolve("ca.crt"));
            ca.server("usage-service").writeTo(dir, "server");
            ca.client("bench-client").writeTo(dir, "client");
            TestIssuer issuer = new TestIssuer();
            Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
            AuthSettings auth = new AuthSettings(false, Optional.of(jwks), Optional.empty(), TestIssuer.ISSUER,
                    TestIssuer.AUDIENCE, Duration.ofSeconds(30));
            String token = issuer.rs256(issuer.claims().subject("bench-platform")
                    .expirationTime(java.util.Date.from(issuer.now().plus(Duration.ofHours(2))))
                    .claim("tenants", "*").claim("roles", List.of("INGEST", "READ", "ADMIN")).build());
            return new Secured(TlsSettings.files(dir.resolve("server.crt"), dir.resolve("server.key"), caFile),
                    TlsSettings.files(dir.resolve("client.crt"), dir.resolve("client.key"), caFile), auth, issuer,
                    token);
        }
    }

    /** The same services served twice: plaintext without authentication, and mutual TLS with tokens. */
    private static final class Pair implements AutoCloseable {

        final GrpcServer plainServer;
        final GrpcServer secureServer;
        final List<ManagedChannel> managed = new ArrayList<>();
        final List<Channel> plain = new ArrayList<>();
        final List<Channel> secure = new ArrayList<>();

        private Pair(GrpcServer plainServer, GrpcServer secureServer) {
            this.plainServer = plainServer;
            this.secureServer = secureServer;
        }

        static Pair start(List<BindableService> services, MethodRoles roles, Secured secured,
                          TransportSecurity serverTls, TransportSecurity clientTls, int clients) {
            GrpcServer plainServer = GrpcServer.forPort(0).withoutLimits().addServices(services)
                    .intercept(AuthInterceptor.insecureWithoutAuthentication(roles)).build().start();
            GrpcServer secureServer = GrpcServer.forPort(0).withoutLimits().credentials(serverTls.serverCredentials())
                    .addServices(services)
                    .intercept(AuthInterceptor.create(secured.auth(), roles, secured.issuer().clock)).build().start();
            plainServer.markServing();
            secureServer.markServing();
            Pair pair = new Pair(plainServer, secureServer);
            for (int i = 0; i < clients; i++) {
                ManagedChannel plainChannel = ManagedChannelBuilder.forAddress("127.0.0.1", plainServer.port())
                        .usePlaintext().build();
                ManagedChannel secureChannel = Grpc.newChannelBuilderForAddress("localhost", secureServer.port(),
                        clientTls.channelCredentials()).build();
                pair.managed.add(plainChannel);
                pair.managed.add(secureChannel);
                pair.plain.add(plainChannel);
                pair.secure.add(ClientInterceptors.intercept(secureChannel, BearerTokens.of(secured.token())));
            }
            return pair;
        }

        @Override
        public void close() {
            managed.forEach(ManagedChannel::shutdownNow);
            plainServer.stop(Duration.ofSeconds(5));
            secureServer.stop(Duration.ofSeconds(5));
        }
    }
}
