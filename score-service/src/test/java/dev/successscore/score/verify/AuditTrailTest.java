package dev.successscore.score.verify;

import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.TENANT;
import static dev.successscore.score.Fixtures.adoption;
import static dev.successscore.score.Fixtures.expertise;
import static dev.successscore.score.Fixtures.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.score.grpc.ProtoMapper;
import dev.successscore.score.policy.DefaultPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.Band;
import successscore.score.v1.CauseType;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.MismatchKind;
import successscore.score.v1.PublishPolicyRequest;
import successscore.score.v1.RebuildReadModelsRequest;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.VerifyHistoryRequest;
import successscore.score.v1.WatchScoreChangesRequest;
import successscore.score.v1.WatchScoreChangesResponse;
import successscore.score.v1.WeightTable;
import successscore.signal.v1.Category;

/** Replays, verification and tampering against a real event store in PostgreSQL. */
class AuditTrailTest {

    private ScoreServiceHarness suite;

    @BeforeEach
    void start() {
        suite = new ScoreServiceHarness(Clock.fixed(T0.plus(Duration.ofDays(3)), ZoneOffset.UTC));
        suite.measure(adoption("m1", T0));
        suite.measure(expertise("m2", T0.plusSeconds(60)));
        suite.measure(health("m3", T0.plusSeconds(120), 90));
        suite.measure(adoption("m4", T0.plusSeconds(180), 20, 20, 20, 20, 0));
        suite.measure(health("m5", T0.plusSeconds(240), 70));
    }

    @AfterEach
    void stop() {
        suite.close();
    }

    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        rows.addAll(suite.jdbc.queryForList("SELECT row(s.*)::text FROM score_current s ORDER BY tenant_id",
                String.class));
        rows.addAll(suite.jdbc.queryForList("SELECT row(s.*)::text FROM score_change s ORDER BY tenant_id, position",
                String.class));
        rows.addAll(suite.jdbc.queryForList("SELECT row(s.*)::text FROM score_alert s ORDER BY alert_id",
                String.class));
        return rows;
    }

    @Test
    void droppingTheReadModelsAndReplayingGivesIdenticalRows() {
        List<String> before = rows();
        assertThat(before).hasSizeGreaterThan(5);
        suite.jdbc.execute("DELETE FROM score_change WHERE position > 2");
        suite.jdbc.execute("UPDATE score_current SET composite = 1.0");
        long replayed = suite.admin().rebuildReadModels(RebuildReadModelsRequest.getDefaultInstance())
                .getChangesReplayed();
        assertThat(replayed).isEqualTo(5);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void anUntouchedStoreVerifies() {
        var report = suite.scores().verifyHistory(VerifyHistoryRequest.newBuilder().build());
        assertThat(report.getValid()).isTrue();
        assertThat(report.getTenantsChecked()).isEqualTo(1);
        assertThat(report.getChangesChecked()).isEqualTo(5);
    }

    @Test
    void anAlteredPayloadIsReportedAtItsExactPosition() {
        int updated = suite.jdbc.update("""
                UPDATE domainevententry
                SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '"composite":70.9', '"composite":99.9'), 'UTF8')
                WHERE aggregateidentifier = ? AND sequencenumber = 2""", TENANT);
        assertThat(updated).isEqualTo(1);
        var report = suite.scores().verifyHistory(VerifyHistoryRequest.newBuilder().setTenantId(TENANT).build());
        assertThat(report.getValid()).isFalse();
        assertThat(report.getMismatchesList()).singleElement().satisfies(m -> {
            assertThat(m.getPosition()).isEqualTo(3);
            assertThat(m.getKind()).isEqualTo(MismatchKind.MISMATCH_KIND_HASH);
        });
    }

    @Test
    void anAlteredHashIsReportedAtItsExactPosition() {
        String hash = suite.jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'hash' FROM domainevententry
                WHERE aggregateidentifier = ? AND sequencenumber = 3""", String.class, TENANT);
        String forged = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
        suite.jdbc.update("""
                UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8')
                WHERE aggregateidentifier = ? AND sequencenumber = 3""", hash, forged, TENANT);
        var report = suite.scores().verifyHistory(VerifyHistoryRequest.newBuilder().setTenantId(TENANT).build());
        assertThat(report.getMismatchesList()).singleElement().satisfies(m -> {
            assertThat(m.getPosition()).isEqualTo(4);
            assertThat(m.getKind()).isEqualTo(MismatchKind.MISMATCH_KIND_HASH);
            assertThat(m.getActual()).isEqualTo(forged);
            assertThat(m.getExpected()).isEqualTo(hash);
        });
    }

    @Test
    void aForgedChangeWithARecomputedHashIsCaughtByRecomputation() {
        // A forger who knows the canonical encoding rewrites change 3's composite and its hash
        // consistently: the stored hash matches, and recomputation catches change 3.
        String json = suite.jdbc.queryForObject("""
                SELECT convert_from(payload, 'UTF8') FROM domainevententry
                WHERE aggregateidentifier = ? AND sequencenumber = 2""", String.class, TENANT);
        var mapper = dev.successscore.runtime.json.Json.canonical();
        try {
            var event = mapper.readValue(json, dev.successscore.score.api.ScoreChangedEvent.class);
            var c = event.change();
            var forged = new dev.successscore.score.api.ScoreChange(c.tenantId(), c.position(), c.changeTime(),
                    c.cause(), c.policyVersion(), c.state(), c.insufficientDataReason(),
                    new java.math.BigDecimal("99.9"), c.computedComposite(), c.previousComposite(), c.band(),
                    c.previousBand(), c.weightTable(), c.categories(), c.override(), c.alertsRaised(),
                    c.alertsResolved(), c.previousHash());
            String forgedJson = mapper.writeValueAsString(new dev.successscore.score.api.ScoreChangedEvent(forged,
                    dev.successscore.score.scoring.HashChain.hash(forged)));
            suite.jdbc.update("""
                    UPDATE domainevententry SET payload = convert_to(?, 'UTF8')
                    WHERE aggregateidentifier = ? AND sequencenumber = 2""", forgedJson, TENANT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        var report = suite.scores().verifyHistory(VerifyHistoryRequest.newBuilder().setTenantId(TENANT).build());
        assertThat(report.getMismatchesList()).singleElement().satisfies(m -> {
            assertThat(m.getPosition()).isEqualTo(3);
            assertThat(m.getKind()).isEqualTo(MismatchKind.MISMATCH_KIND_RECOMPUTED);
            assertThat(m.getDetail()).contains("composite");
        });
    }

    @Test
    void aForgedExpiryThatWasNotDueIsCaught() throws Exception {
        // Replace the last change (a Technical Health measurement) by an expiry of Technical Health
        // that was not due, computed and hashed exactly as the aggregate would have: only the
        // rule that an expiry must be due can catch it.
        var mapper = dev.successscore.runtime.json.Json.canonical();
        var state = new dev.successscore.score.scoring.TenantScoreState();
        for (long seq = 0; seq < 4; seq++) {
            var event = mapper.readValue(suite.jdbc.queryForObject("""
                    SELECT convert_from(payload, 'UTF8') FROM domainevententry
                    WHERE aggregateidentifier = ? AND sequencenumber = ?""", String.class, TENANT, seq),
                    dev.successscore.score.api.ScoreChangedEvent.class);
            state.apply(event.change(), event.hash());
        }
        var forged = dev.successscore.score.scoring.ChangeFactory.next(state, TENANT,
                dev.successscore.score.api.Cause.expiry(dev.successscore.score.api.Category.TECHNICAL_HEALTH, "m3",
                        T0.plusSeconds(240), 30),
                suite.service.policies().version(1));
        String forgedJson = mapper.writeValueAsString(new dev.successscore.score.api.ScoreChangedEvent(forged,
                dev.successscore.score.scoring.HashChain.hash(forged)));
        suite.jdbc.update("""
                UPDATE domainevententry SET payload = convert_to(?, 'UTF8')
                WHERE aggregateidentifier = ? AND sequencenumber = 4""", forgedJson, TENANT);
        var report = suite.scores().verifyHistory(VerifyHistoryRequest.newBuilder().setTenantId(TENANT).build());
        assertThat(report.getMismatchesList()).singleElement().satisfies(m -> {
            assertThat(m.getPosition()).isEqualTo(5);
            assertThat(m.getKind()).isEqualTo(MismatchKind.MISMATCH_KIND_RECOMPUTED);
            assertThat(m.getDetail()).contains("cause");
        });
    }

    @Test
    void publishingAPolicyReScoresEveryTenantForwardAndKeepsTheHistory() {
        var before = suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId(TENANT)
                .build()).getChangesList();
        var proposal = ProtoMapper.toProto(DefaultPolicy.specV1()).toBuilder()
                .setWeightTables(0, WeightTable.newBuilder()
                        .addWeights(successscore.score.v1.CategoryWeight.newBuilder()
                                .setCategory(Category.CATEGORY_PRODUCT_ADOPTION).setWeight(60))
                        .addWeights(successscore.score.v1.CategoryWeight.newBuilder()
                                .setCategory(Category.CATEGORY_CUSTOMER_EXPERTISE).setWeight(20))
                        .addWeights(successscore.score.v1.CategoryWeight.newBuilder()
                                .setCategory(Category.CATEGORY_TECHNICAL_HEALTH).setWeight(20)))
                .build();
        var request = PublishPolicyRequest.newBuilder().setPolicy(proposal).setPublishedBy("auditor@example.com")
                .setRequestId("publish-v2").build();
        int version = suite.scores().publishPolicy(request).getPolicy().getVersion();
        assertThat(suite.scores().publishPolicy(request).getPolicy().getVersion()).isEqualTo(version);
        assertThat(version).isEqualTo(2);
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(suite.scores()
                .getScore(GetScoreRequest.newBuilder().setTenantId(TENANT).build()).getScore().getPolicyVersion())
                .isEqualTo(2));
        var after = suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId(TENANT)
                .build()).getChangesList();
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        assertThat(after).hasSize(before.size() + 1);
        var rescore = after.get(after.size() - 1);
        assertThat(rescore.getCause().getType()).isEqualTo(CauseType.CAUSE_TYPE_POLICY_PUBLICATION);
        assertThat(rescore.getCause().getActor()).isEqualTo("auditor@example.com");
        assertThat(suite.scores().verifyHistory(VerifyHistoryRequest.getDefaultInstance()).getValid()).isTrue();
    }

    @Test
    void watchersReceiveABandChangeAlertAndCanResume() {
        Iterator<WatchScoreChangesResponse> stream = ScoreServiceGrpc.newBlockingStub(suite.channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .watchScoreChanges(WatchScoreChangesRequest.newBuilder().setTenantId(TENANT).setAlertsOnly(true)
                        .setFromBeginning(true).build());
        WatchScoreChangesResponse first = stream.next();
        assertThat(first.getChange().getPosition()).isEqualTo(4);
        assertThat(first.getChange().getBand()).isEqualTo(Band.BAND_AT_RISK);
        assertThat(first.getChange().getAlertsRaisedList()).extracting(a -> a.getKind().name())
                .contains("ALERT_KIND_BAND_CHANGE");

        Iterator<WatchScoreChangesResponse> resumed = ScoreServiceGrpc.newBlockingStub(suite.channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .watchScoreChanges(WatchScoreChangesRequest.newBuilder().setTenantId(TENANT)
                        .setAfterPosition(first.getPosition()).build());
        suite.measure(adoption("m6", T0.plusSeconds(300)));
        WatchScoreChangesResponse next = resumed.next();
        assertThat(next.getChange().getPosition()).isEqualTo(5);
        assertThat(resumed.next().getChange().getPosition()).isEqualTo(6);
    }

}
