package dev.successscore.score.security;

import static dev.successscore.runtime.security.SecuredServers.assertIsolated;
import static dev.successscore.runtime.security.SecuredServers.code;
import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.adoption;
import static dev.successscore.score.Fixtures.expertise;
import static dev.successscore.score.Fixtures.health;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.Role;
import dev.successscore.runtime.security.SecuredServers;
import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.grpc.ScoreMethodRoles;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import successscore.score.v1.ClearOverrideRequest;
import successscore.score.v1.ExplainScoreRequest;
import successscore.score.v1.GetPolicyRequest;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ListScoresRequest;
import successscore.score.v1.PublishPolicyRequest;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.SetOverrideRequest;
import successscore.score.v1.SimulatePolicyRequest;
import successscore.score.v1.VerifyHistoryRequest;
import successscore.score.v1.WatchScoreChangesRequest;

/**
 * score-service behind the real authenticating interceptor: every RPC taking a tenant id answers a foreign tenant
 * exactly as a tenant that does not exist, lists and watches cover only the caller's tenants, roles are checked, a
 * call without a token is refused, and a policy or override records the token's subject as its author.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreAuthorizationTest {

    private static final Instant NOW = T0.plus(Duration.ofDays(2));
    private static final String OWN = "acme";
    private static final String FOREIGN = "globex";
    private static final String LEAD = "cs-lead@acme.example";
    private static final String SUITE_ADMIN = "suite-admin@example.com";

    private final SecuredServers secured = new SecuredServers();
    private ScoreServiceHarness score;
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeAll
    void start() {
        score = new ScoreServiceHarness(Clock.fixed(NOW, ZoneOffset.UTC));
        for (String tenant : List.of(OWN, FOREIGN)) {
            score.measure(of(adoption("m1-" + tenant, T0), tenant));
            score.measure(of(expertise("m2-" + tenant, T0), tenant));
            score.measure(of(health("m3-" + tenant, T0, 90), tenant));
        }
        server = secured.serve(ScoreMethodRoles.ROLES, score.service.grpcServices());
        channel = server.newChannel();
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
        score.close();
    }

    private static Measurement of(Measurement m, String tenant) {
        return new Measurement(m.measurementId(), tenant, m.category(), m.measuredAt(), m.signals(),
                m.adoptionLevel(), m.sourceService());
    }

    private ScoreServiceGrpc.ScoreServiceBlockingStub as(String token) {
        return ScoreServiceGrpc.newBlockingStub(SecuredServers.as(channel, token))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** The customer success lead of acme: reads, audits and administers acme only. */
    private ScoreServiceGrpc.ScoreServiceBlockingStub lead() {
        return as(secured.token(LEAD, List.of(OWN), Role.READ, Role.AUDIT, Role.ADMIN));
    }

    private void isolated(String rpc, Consumer<String> call) {
        assertIsolated(rpc, call, OWN, FOREIGN, "none-" + rpc);
    }

    @Test
    void everyRpcTakingATenantAnswersAForeignTenantAsAMissingOne() {
        var stub = lead();
        var policy = stub.getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy();
        isolated("GetScore", t -> stub.getScore(GetScoreRequest.newBuilder().setTenantId(t).build()));
        isolated("GetScoreHistory", t -> stub.getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId(t)
                .build()));
        isolated("ExplainScore", t -> stub.explainScore(ExplainScoreRequest.newBuilder().setTenantId(t).build()));
        isolated("SimulatePolicy", t -> stub.simulatePolicy(SimulatePolicyRequest.newBuilder().setTenantId(t)
                .setPolicy(policy).build()));
        isolated("SetOverride", t -> stub.setOverride(SetOverrideRequest.newBuilder().setTenantId(t)
                .setValue("72.5").setReason("renewal").setRequestId("o-" + t)
                .setExpireTime(ProtoTime.timestamp(NOW.plus(Duration.ofDays(7)))).build()));
        isolated("ClearOverride", t -> stub.clearOverride(ClearOverrideRequest.newBuilder().setTenantId(t)
                .setReason("renewed").build()));
        isolated("VerifyHistory", t -> stub.verifyHistory(VerifyHistoryRequest.newBuilder().setTenantId(t)
                .build()));
        isolated("WatchScoreChanges", t -> {
            List<String> tenants = watch(stub, WatchScoreChangesRequest.newBuilder().setTenantId(t)
                    .setFromBeginning(true).build());
            if (tenants.isEmpty()) {
                throw Status.NOT_FOUND.withDescription("nothing streamed").asRuntimeException();
            }
        });
    }

    /** The tenants of the changes a watch streams within two seconds. */
    private static List<String> watch(ScoreServiceGrpc.ScoreServiceBlockingStub stub,
                                      WatchScoreChangesRequest request) {
        List<String> tenants = new ArrayList<>();
        try {
            stub.withDeadlineAfter(2, TimeUnit.SECONDS).watchScoreChanges(request)
                    .forEachRemaining(r -> tenants.add(r.getChange().getTenantId()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                throw e;
            }
        }
        return tenants;
    }

    @Test
    void listsAndWatchesCoverOnlyTheCallersTenants() {
        assertThat(lead().listScores(ListScoresRequest.getDefaultInstance()).getScoresList())
                .extracting(s -> s.getTenantId()).containsExactly(OWN);
        var everyone = as(secured.token("platform:reports", List.of("*"), Role.READ, Role.AUDIT));
        assertThat(everyone.listScores(ListScoresRequest.getDefaultInstance()).getScoresList())
                .extracting(s -> s.getTenantId()).contains(OWN, FOREIGN);
        // a caller of globex only gets a full first page, though acme comes first
        var globex = as(secured.token("reader@globex", List.of(FOREIGN), Role.READ));
        assertThat(globex.listScores(ListScoresRequest.newBuilder().setPageSize(1).build()).getScoresList())
                .extracting(s -> s.getTenantId()).containsExactly(FOREIGN);

        assertThat(lead().verifyHistory(VerifyHistoryRequest.getDefaultInstance()).getTenantsChecked())
                .isEqualTo(1);

        assertThat(watch(lead(), WatchScoreChangesRequest.newBuilder().setFromBeginning(true).build()))
                .isNotEmpty().containsOnly(OWN);
        assertThat(watch(everyone, WatchScoreChangesRequest.newBuilder().setFromBeginning(true).build()))
                .contains(OWN, FOREIGN);
    }

    @Test
    void aCallerWithoutTheRoleIsRefused() {
        var reader = as(secured.token("reader@acme", List.of(OWN), Role.READ));
        var admin = as(secured.token("admin@acme", List.of(OWN), Role.ADMIN));
        assertThat(code(() -> reader.setOverride(SetOverrideRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> reader.verifyHistory(VerifyHistoryRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> admin.getScore(GetScoreRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> reader.getScore(GetScoreRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertThat(code(() -> as(null).getScore(GetScoreRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    /** An administrator of the whole suite: may act on every tenant at once. */
    private ScoreServiceGrpc.ScoreServiceBlockingStub suiteAdmin() {
        return as(secured.token(SUITE_ADMIN, List.of("*"), Role.READ, Role.ADMIN));
    }

    @Test
    void aPolicyForEveryTenantIsPublishedOnlyByACallerWhoSeesEveryTenant() {
        var current = lead().getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy();
        assertThat(code(() -> lead().publishPolicy(PublishPolicyRequest.newBuilder().setPolicy(current)
                .setRequestId("p-tenant-admin").build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void policiesAndOverridesRecordTheTokensSubject() {
        var stub = lead();
        var current = stub.getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy();
        var published = suiteAdmin().publishPolicy(PublishPolicyRequest.newBuilder().setPolicy(current)
                .setPublishedBy("somebody-else").setRequestId("p-subject").build()).getPolicy();
        assertThat(published.getPublishedBy()).isEqualTo(SUITE_ADMIN);

        var overridden = stub.setOverride(SetOverrideRequest.newBuilder().setTenantId(OWN).setValue("80.0")
                .setAuthor("somebody-else").setReason("executive escalation").setRequestId("o-subject")
                .setExpireTime(ProtoTime.timestamp(NOW.plus(Duration.ofDays(3)))).build()).getScore();
        assertThat(overridden.getOverride().getAuthor()).isEqualTo(LEAD);
    }
}
