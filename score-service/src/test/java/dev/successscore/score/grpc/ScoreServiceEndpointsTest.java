package dev.successscore.score.grpc;

import static dev.successscore.score.Fixtures.T0;
import static dev.successscore.score.Fixtures.TENANT;
import static dev.successscore.score.Fixtures.adoption;
import static dev.successscore.score.Fixtures.expertise;
import static dev.successscore.score.Fixtures.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.score.ScoreServiceHarness;
import dev.successscore.score.policy.DefaultPolicy;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import successscore.score.v1.Band;
import successscore.score.v1.CauseType;
import successscore.score.v1.ClearOverrideRequest;
import successscore.score.v1.ExplainScoreRequest;
import successscore.score.v1.GetPolicyRequest;
import successscore.score.v1.GetScoreHistoryRequest;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ListScoresRequest;
import successscore.score.v1.PublishPolicyRequest;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.SetOverrideRequest;
import successscore.score.v1.SimulatePolicyRequest;
import successscore.score.v1.WeightTable;
import successscore.signal.v1.Category;

/** score-service's endpoints through an in-process server and real stubs, on real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreServiceEndpointsTest {

    private static final Instant NOW = T0.plus(Duration.ofDays(2));
    private ScoreServiceHarness suite;

    @BeforeAll
    void start() {
        suite = new ScoreServiceHarness(Clock.fixed(NOW, ZoneOffset.UTC));
        suite.measure(adoption("m1", T0));
        suite.measure(expertise("m2", T0));
        suite.measure(health("m3", T0, 90));
    }

    @AfterAll
    void stop() {
        suite.close();
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("call succeeded");
    }

    private static List<String> violations(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            return GrpcErrors.fieldViolations(e);
        }
        throw new AssertionError("call succeeded");
    }

    @Test
    void getScoreGivesTheWorkedExample() {
        var score = suite.scores().getScore(GetScoreRequest.newBuilder().setTenantId(TENANT).build()).getScore();
        assertThat(score.getComposite()).isEqualTo("70.9");
        assertThat(score.getBand()).isEqualTo(Band.BAND_NEEDS_ATTENTION);
        assertThat(score.getCategoriesList()).extracting(c -> c.getScore()).containsExactly("71.8", "40.0", "90.0");
        assertThat(score.getCategories(0).getSignalsList()).hasSize(6);
        assertThat(score.getHash()).hasSize(64);
    }

    @Test
    void explainScoreShowsTheArithmeticAtAnInstant() {
        var explained = suite.scores().explainScore(ExplainScoreRequest.newBuilder().setTenantId(TENANT)
                .setAsOfTime(ts(T0.plusSeconds(1))).build());
        assertThat(explained.getChange().getComposite()).isEqualTo("70.9");
        assertThat(explained.getExplanationList())
                .anyMatch(l -> l.contains("PRODUCT_ADOPTION = (25·75 + 10·80 + 25·60 + 25·60 + 15·100)") && l.endsWith("71.8 (half-even, one decimal)"))
                .anyMatch(l -> l.startsWith("composite = 50%·71.8 + 20%·40.0 + 30%·90.0 = 70.9"));
    }

    @Test
    void anUnknownTenantIsNotFound() {
        assertThat(code(() -> suite.scores().getScore(GetScoreRequest.newBuilder().setTenantId("nobody").build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder()
                .setTenantId("nobody").build()))).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void malformedIdsAndPageSizesNameTheField() {
        assertThat(violations(() -> suite.scores().getScore(GetScoreRequest.newBuilder().setTenantId("bad id!")
                .build()))).containsExactly("tenant_id");
        assertThat(violations(() -> suite.scores().getScore(GetScoreRequest.newBuilder().build())))
                .containsExactly("tenant_id");
        assertThat(violations(() -> suite.scores().listScores(ListScoresRequest.newBuilder().setPageSize(-1)
                .build()))).containsExactly("page_size");
        assertThat(violations(() -> suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder()
                .setTenantId(TENANT).setPageSize(-5).build()))).containsExactly("page_size");
        assertThat(violations(() -> suite.scores().listScores(ListScoresRequest.newBuilder()
                .setPageToken("garbage").build()))).containsExactly("page_token");
        assertThat(violations(() -> suite.scores().listScores(ListScoresRequest.newBuilder().setBandValue(42)
                .build()))).containsExactly("band");
        assertThat(violations(() -> suite.scores().getPolicy(successscore.score.v1.GetPolicyRequest.newBuilder()
                .setVersion(-1).build()))).containsExactly("version");
    }

    @Test
    void aPolicyWhoseWeightsDoNotSumTo100IsRefusedAndNothingIsStored() {
        ScoringPolicy proposal = ProtoMapper.toProto(DefaultPolicy.specV1()).toBuilder()
                .setWeightTables(0, WeightTable.newBuilder()
                        .addWeights(weight(Category.CATEGORY_PRODUCT_ADOPTION, 50))
                        .addWeights(weight(Category.CATEGORY_CUSTOMER_EXPERTISE, 20))
                        .addWeights(weight(Category.CATEGORY_TECHNICAL_HEALTH, 20)))
                .build();
        int before = suite.scores().getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy().getVersion();
        assertThat(violations(() -> suite.scores().publishPolicy(PublishPolicyRequest.newBuilder()
                .setPolicy(proposal).setPublishedBy("auditor").build())))
                .contains("policy.weight_tables[0].weights");
        assertThat(suite.scores().getPolicy(GetPolicyRequest.getDefaultInstance()).getPolicy().getVersion())
                .isEqualTo(before);
    }

    @Test
    void unspecifiedCategoriesAreRefusedNamingTheField() {
        ScoringPolicy proposal = ProtoMapper.toProto(DefaultPolicy.specV1()).toBuilder()
                .setWeightTables(1, WeightTable.newBuilder()
                        .addWeights(weight(Category.CATEGORY_PRODUCT_ADOPTION, 70))
                        .addWeights(weight(Category.CATEGORY_UNSPECIFIED, 30)))
                .build();
        assertThat(violations(() -> suite.scores().simulatePolicy(SimulatePolicyRequest.newBuilder()
                .setTenantId(TENANT).setPolicy(proposal).build())))
                .contains("policy.weight_tables[1].weights[1].category");
    }

    @Test
    void anOverrideOutside0To100IsRefusedAndNothingIsStored() {
        long before = historySize();
        assertThat(violations(() -> suite.scores().setOverride(override("150", "o-bad"))))
                .containsExactly("value");
        assertThat(violations(() -> suite.scores().setOverride(override("abc", "o-bad"))))
                .containsExactly("value");
        assertThat(historySize()).isEqualTo(before);
    }

    @Test
    void clearingWithoutAnOverrideIsAFailedPrecondition() {
        assertThat(code(() -> suite.scores().clearOverride(ClearOverrideRequest.newBuilder().setTenantId(TENANT)
                .setAuthor("a").setReason("r").build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void simulatingAPolicyReturnsBothSeriesAndChangesNothing() {
        long before = historySize();
        ScoringPolicy proposal = ProtoMapper.toProto(DefaultPolicy.specV1()).toBuilder()
                .setWeightTables(0, WeightTable.newBuilder()
                        .addWeights(weight(Category.CATEGORY_PRODUCT_ADOPTION, 60))
                        .addWeights(weight(Category.CATEGORY_CUSTOMER_EXPERTISE, 20))
                        .addWeights(weight(Category.CATEGORY_TECHNICAL_HEALTH, 20)))
                .build();
        var points = suite.scores().simulatePolicy(SimulatePolicyRequest.newBuilder().setTenantId(TENANT)
                .setPolicy(proposal).build()).getPointsList();
        var last = points.get(2);
        assertThat(last.getRecordedComposite()).isEqualTo("70.9");
        assertThat(last.getSimulatedComposite()).isEqualTo("69.1");
        assertThat(historySize()).isEqualTo(before);
    }

    @Test
    void listScoresFiltersByBandAndPaginates() {
        suite.measure(withTenant(adoption("x1", T0, 100, 100, 100, 100, 100), "healthy-1"));
        suite.measure(withTenant(adoption("x2", T0, 100, 100, 100, 100, 100), "healthy-2"));
        suite.measure(withTenant(adoption("x3", T0, 100, 100, 100, 100, 100), "healthy-3"));
        var page1 = suite.scores().listScores(ListScoresRequest.newBuilder().setBand(Band.BAND_HEALTHY)
                .setPageSize(2).build());
        assertThat(page1.getScoresList()).extracting(s -> s.getTenantId()).containsExactly("healthy-1", "healthy-2");
        var page2 = suite.scores().listScores(ListScoresRequest.newBuilder().setBand(Band.BAND_HEALTHY)
                .setPageSize(2).setPageToken(page1.getNextPageToken()).build());
        assertThat(page2.getScoresList()).extracting(s -> s.getTenantId()).containsExactly("healthy-3");
        assertThat(page2.getNextPageToken()).isEmpty();
    }

    @Test
    void historyIsPaginatedOldestFirst() {
        var page = suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId(TENANT)
                .setPageSize(1).build());
        assertThat(page.getChangesList()).extracting(c -> c.getPosition()).containsExactly(1L);
        var next = suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId(TENANT)
                .setPageSize(1).setPageToken(page.getNextPageToken()).build());
        assertThat(next.getChangesList()).extracting(c -> c.getPosition()).containsExactly(2L);
        assertThat(next.getChanges(0).getPreviousHash()).isEqualTo(page.getChanges(0).getHash());
        assertThat(next.getChanges(0).getCause().getType()).isEqualTo(CauseType.CAUSE_TYPE_MEASUREMENT);
    }

    @Test
    void aRetriedOverrideIsRecordedOnce() {
        String tenant = "override-tenant";
        suite.measure(withTenant(adoption("o1", T0), tenant));
        var request = override("60.5", "req-1").toBuilder().setTenantId(tenant).build();
        var first = suite.scores().setOverride(request).getScore();
        var second = suite.scores().setOverride(request).getScore();
        assertThat(first.getComposite()).isEqualTo("60.5");
        assertThat(first.getComputedComposite()).isEqualTo("71.8");
        assertThat(second.getPosition()).isEqualTo(first.getPosition());
    }

    private long historySize() {
        return suite.scores().getScoreHistory(GetScoreHistoryRequest.newBuilder().setTenantId(TENANT)
                .setPageSize(1000).build()).getChangesCount();
    }

    private static SetOverrideRequest override(String value, String requestId) {
        return SetOverrideRequest.newBuilder().setTenantId(TENANT).setValue(value).setAuthor("csm")
                .setReason("renewal").setExpireTime(ts(NOW.plus(Duration.ofDays(7)))).setRequestId(requestId).build();
    }

    static dev.successscore.score.api.Measurement withTenant(dev.successscore.score.api.Measurement m, String t) {
        return new dev.successscore.score.api.Measurement(m.measurementId(), t, m.category(), m.measuredAt(),
                m.signals(), m.adoptionLevel(), m.sourceService());
    }

    private static successscore.score.v1.CategoryWeight weight(Category c, int w) {
        return successscore.score.v1.CategoryWeight.newBuilder().setCategory(c).setWeight(w).build();
    }

    static Timestamp ts(Instant i) {
        return ProtoMapper.timestamp(i);
    }
}
