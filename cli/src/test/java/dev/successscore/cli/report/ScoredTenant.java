package dev.successscore.cli.report;

import static dev.successscore.score.Fixtures.T0;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.score.Fixtures;
import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.grpc.ProtoMapper;
import dev.successscore.score.policy.DefaultPolicy;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import successscore.score.v1.Bands;
import successscore.score.v1.CauseType;
import successscore.score.v1.ClearOverrideRequest;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreHistoryResponse;
import successscore.score.v1.PublishPolicyRequest;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.SetOverrideRequest;

/**
 * A real score-service (on its own embedded PostgreSQL database) holding a real history for tenant
 * {@link Fixtures#TENANT}, served on a TCP port as the suite serves it: measurements of the three categories over
 * three weeks, a drop into AT_RISK and a recovery, a policy publication with other bands, and an override whose
 * reason is markup, then cleared.
 */
public final class ScoredTenant implements AutoCloseable {

    /** The override's reason: markup that must reach the report as text. */
    public static final String OVERRIDE_REASON = "<script>alert(1)</script> renewal & \"escalation\"";
    public static final String TENANT = Fixtures.TENANT;

    private final MovableClock clock = new MovableClock(T0);
    private final ScoreServiceHarness harness;
    private final GrpcServer server;
    private final List<ObservedCall> calls = new CopyOnWriteArrayList<>();

    public ScoredTenant() {
        harness = new ScoreServiceHarness(clock);
        GrpcServer started = null;
        try {
            record();
            started = GrpcServer.forPort(0).addServices(harness.service.grpcServices())
                    .intercept(dev.successscore.runtime.security.AuthInterceptor.insecureWithoutAuthentication(
                            dev.successscore.score.grpc.ScoreMethodRoles.ROLES), new CallRecorder())
                    .build().start();
            started.markServing();
        } catch (RuntimeException | Error e) {
            harness.close();
            throw e;
        }
        server = started;
    }

    /** score-service's database, for tests that tamper with the stored history. */
    public org.springframework.jdbc.core.JdbcTemplate database() {
        return harness.jdbc;
    }

    /** {@code localhost:PORT}, for {@code --target}. */
    public String target() {
        return "localhost:" + server.port();
    }

    /** The tenant's history as score-service answers it now, read independently of the report's gatherer. */
    public List<ScoreChange> history() {
        List<ScoreChange> changes = new ArrayList<>();
        String token = "";
        do {
            GetScoreHistoryResponse page = harness.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder()
                    .setTenantId(TENANT).setPageSize(1000).setPageToken(token).build());
            changes.addAll(page.getChangesList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return changes;
    }

    /** A call the TCP server answered: its method and the time left before its deadline when it arrived. */
    public record ObservedCall(String method, Long deadlineMillis) {
    }

    /** The calls the TCP server has answered since the last {@link #forgetCalls()}, in order. */
    public List<ObservedCall> calls() {
        return List.copyOf(calls);
    }

    public void forgetCalls() {
        calls.clear();
    }

    private final class CallRecorder implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            Deadline deadline = Context.current().getDeadline();
            calls.add(new ObservedCall(call.getMethodDescriptor().getBareMethodName(),
                    deadline == null ? null : deadline.timeRemaining(TimeUnit.MILLISECONDS)));
            return next.startCall(call, headers);
        }
    }

    private void record() {
        measure(Fixtures.adoption("m1", T0));
        measure(Fixtures.expertise("m2", T0.plus(Duration.ofDays(1))));
        measure(Fixtures.health("m3", T0.plus(Duration.ofDays(2)), 90));
        measure(Fixtures.adoption("m4", T0.plus(Duration.ofDays(5)), 20, 20, 20, 20, 0));
        measure(Fixtures.health("m5", T0.plus(Duration.ofDays(8)), 70));
        measure(Fixtures.adoption("m6", T0.plus(Duration.ofDays(12))));

        clock.set(T0.plus(Duration.ofDays(15)));
        int before = history().size();
        var proposal = ProtoMapper.toProto(DefaultPolicy.specV1()).toBuilder()
                .setBands(Bands.newBuilder().setNeedsAttentionFrom(40).setHealthyFrom(70))
                .setDescription("Bands 40/70 after the <Q2> review").build();
        harness.scores().publishPolicy(PublishPolicyRequest.newBuilder().setPolicy(proposal)
                .setPublishedBy("auditor@example.com").setRequestId("report-policy-v2").build());
        // the tenant is re-scored under the new version in the background
        await().atMost(30, TimeUnit.SECONDS).until(() -> history().stream().skip(before)
                .anyMatch(c -> c.getCause().getType() == CauseType.CAUSE_TYPE_POLICY_PUBLICATION));

        clock.set(T0.plus(Duration.ofDays(17)));
        harness.scores().setOverride(SetOverrideRequest.newBuilder().setTenantId(TENANT).setValue("82.5")
                .setAuthor("csm@example.com").setReason(OVERRIDE_REASON)
                .setExpireTime(timestamp(T0.plus(Duration.ofDays(40)))).setRequestId("report-override").build());
        clock.set(T0.plus(Duration.ofDays(19)));
        harness.scores().clearOverride(ClearOverrideRequest.newBuilder().setTenantId(TENANT)
                .setAuthor("csm@example.com").setReason("renewal signed").build());
        clock.set(T0.plus(Duration.ofDays(20)));
    }

    private void measure(Measurement measurement) {
        clock.set(measurement.measuredAt());
        harness.measure(measurement);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    @Override
    public void close() {
        try {
            server.stop(Duration.ofSeconds(1));
        } finally {
            harness.close();
        }
    }
}
