package dev.successscore.score.security;

import static dev.successscore.runtime.security.SecuredServers.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.Role;
import dev.successscore.runtime.security.SecuredServers;
import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.score.feed.UpstreamProducer;
import dev.successscore.score.grpc.ScoreMethodRoles;
import dev.successscore.score.operations.OperatorLog;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import successscore.score.v1.ListOperatorActionsRequest;
import successscore.score.v1.ListOperatorActionsResponse;
import successscore.score.v1.OperatorAction;
import successscore.score.v1.OperatorActionKind;
import successscore.score.v1.RebuildReadModelsRequest;
import successscore.score.v1.ReplayFeedRequest;
import successscore.score.v1.ScoreAdminServiceGrpc;

/**
 * Feed replays and read-model rebuilds asked for through score-service's secured endpoint are recorded in its event
 * store with the token's subject and the service's time before they start, are listed to an auditor, and a refused
 * call records nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorActionsRecordTest {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final String OPERATOR = "operator@example.com";
    private static final String UPSTREAM = "usage-service";

    private final SecuredServers secured = new SecuredServers();
    private UpstreamProducer upstream;
    private ManagedChannel upstreamChannel;
    private ScoreServiceHarness score;
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeAll
    void start() {
        upstream = new UpstreamProducer();
        upstreamChannel = upstream.channel();
        score = new ScoreServiceHarness(Clock.fixed(NOW, ZoneOffset.UTC), Map.of(UPSTREAM, upstreamChannel));
        server = secured.serve(ScoreMethodRoles.ROLES, score.service.grpcServices());
        channel = server.newChannel();
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
        score.close();
        upstreamChannel.shutdownNow();
        upstream.close();
    }

    private ScoreAdminServiceGrpc.ScoreAdminServiceBlockingStub as(String subject, List<String> tenants,
                                                                   Role... roles) {
        return ScoreAdminServiceGrpc.newBlockingStub(SecuredServers.as(channel, secured.token(subject, tenants,
                roles))).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private ScoreAdminServiceGrpc.ScoreAdminServiceBlockingStub operator() {
        return as(OPERATOR, List.of("*"), Role.ADMIN);
    }

    private ScoreAdminServiceGrpc.ScoreAdminServiceBlockingStub auditor() {
        return as("auditor@example.com", List.of("*"), Role.AUDIT);
    }

    /** Every recorded action, read page by page (two a page) as an auditor. */
    private List<OperatorAction> recorded() {
        List<OperatorAction> all = new ArrayList<>();
        String token = "";
        do {
            ListOperatorActionsResponse page = auditor().listOperatorActions(ListOperatorActionsRequest.newBuilder()
                    .setPageSize(2).setPageToken(token).build());
            assertThat(page.getActionsCount()).isLessThanOrEqualTo(2);
            all.addAll(page.getActionsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    private Integer storedRows() {
        return score.jdbc.queryForObject("SELECT count(*)::int FROM domainevententry WHERE aggregateidentifier = ?",
                Integer.class, OperatorLog.ID);
    }

    @Test
    void aReplayIsRecordedWithTheTokensSubjectTheUpstreamAndTheTime() {
        int before = recorded().size();

        operator().replayFeed(ReplayFeedRequest.newBuilder().setUpstream(UPSTREAM).build());

        List<OperatorAction> after = recorded();
        assertThat(after).hasSize(before + 1);
        assertThat(after.get(after.size() - 1)).isEqualTo(OperatorAction.newBuilder()
                .setKind(OperatorActionKind.OPERATOR_ACTION_KIND_FEED_REPLAY).setRequestedBy(OPERATOR)
                .setUpstream(UPSTREAM).setRequestTime(ProtoTime.timestamp(NOW)).build());
        assertThat(score.jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'requestedBy' FROM domainevententry
                WHERE payloadtype = ? ORDER BY globalindex DESC LIMIT 1""", String.class,
                "dev.successscore.score.operations.FeedReplayRequestedEvent")).isEqualTo(OPERATOR);
    }

    @Test
    void aRebuildIsRecordedEvenWhenItFailsHalfWay() {
        int before = recorded().size();
        score.jdbc.execute("ALTER TABLE score_alert RENAME TO score_alert_away");
        try {
            assertThat(code(() -> operator().rebuildReadModels(RebuildReadModelsRequest.getDefaultInstance())))
                    .isNotEqualTo(Status.Code.OK);
        } finally {
            score.jdbc.execute("ALTER TABLE score_alert_away RENAME TO score_alert");
        }

        List<OperatorAction> after = recorded();
        assertThat(after).hasSize(before + 1);
        assertThat(after.get(after.size() - 1)).isEqualTo(OperatorAction.newBuilder()
                .setKind(OperatorActionKind.OPERATOR_ACTION_KIND_READ_MODELS_REBUILD).setRequestedBy(OPERATOR)
                .setRequestTime(ProtoTime.timestamp(NOW)).build());
    }

    @Test
    void aRefusedCallRecordsNothing() {
        operator().rebuildReadModels(RebuildReadModelsRequest.getDefaultInstance());
        Integer before = storedRows();

        assertThat(code(() -> operator().replayFeed(ReplayFeedRequest.newBuilder().setUpstream("nowhere-service")
                .build()))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> operator().replayFeed(ReplayFeedRequest.newBuilder().setUpstream(" ").build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        // without the role, or without every tenant
        assertThat(code(() -> auditor().replayFeed(ReplayFeedRequest.newBuilder().setUpstream(UPSTREAM).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> auditor().rebuildReadModels(RebuildReadModelsRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> as("lead@acme.example", List.of("acme"), Role.ADMIN).replayFeed(
                ReplayFeedRequest.newBuilder().setUpstream(UPSTREAM).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);

        assertThat(storedRows()).isPositive().isEqualTo(before);
    }

    @Test
    void onlyAnAuditorOfEveryTenantListsTheActions() {
        var request = ListOperatorActionsRequest.getDefaultInstance();
        assertThat(code(() -> auditor().listOperatorActions(request))).isEqualTo(Status.Code.OK);
        assertThat(code(() -> operator().listOperatorActions(request))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> as("auditor@acme.example", List.of("acme"), Role.AUDIT).listOperatorActions(request)))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> auditor().listOperatorActions(ListOperatorActionsRequest.newBuilder()
                .setPageToken("not-a-token").build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(() -> auditor().listOperatorActions(ListOperatorActionsRequest.newBuilder()
                .setPageSize(-1).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
}
