package dev.successscore.usage.ingest;

import static dev.successscore.usage.UsageServiceHarness.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.usage.UsageServiceHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.Activity;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.RejectedActivity;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.StreamActivitiesResponse;
import successscore.usage.v1.UsageServiceGrpc;

/** Activity in: idempotency, per-record rejection, and nothing stored from a rejected record. */
class ActivityIngestTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static UsageServiceHarness usage;

    @BeforeAll
    static void start() {
        usage = new UsageServiceHarness(NOW);
    }

    @AfterAll
    static void stop() {
        usage.close();
    }

    private static List<Activity> batch(String prefix, int n) {
        List<Activity> activities = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            activities.add(activity(prefix + i, "user-" + (i % 7), i % 3 == 0 ? "" : "feature-" + (i % 4),
                    NOW.minus(Duration.ofHours(i))));
        }
        return activities;
    }

    private static long rollupEvents(String tenant) {
        return usage.count("SELECT coalesce(sum(events), 0) FROM usage_daily WHERE tenant_id = ?", tenant);
    }

    private static long raw(String tenant) {
        return usage.count("SELECT count(*) FROM usage_activity WHERE tenant_id = ?", tenant);
    }

    @Test
    void sameBatchThreeTimesCountsOnce() {
        usage.entitle("idem", 10, List.of("feature-1"));
        List<Activity> activities = batch("a", 50);
        RecordActivitiesResponse first = usage.record("idem", activities);
        RecordActivitiesResponse second = usage.record("idem", activities);
        RecordActivitiesResponse third = usage.record("idem", activities);
        assertThat(first.getAcceptedCount()).isEqualTo(50);
        assertThat(first.getDuplicateCount()).isZero();
        assertThat(second.getAcceptedCount()).isEqualTo(50);
        assertThat(second.getDuplicateCount()).isEqualTo(50);
        assertThat(third.getDuplicateCount()).isEqualTo(50);
        assertThat(raw("idem")).isEqualTo(50);
        assertThat(rollupEvents("idem")).isEqualTo(50);
    }

    @Test
    void sameBatchThreeTimesConcurrentlyCountsOnce() throws Exception {
        usage.entitle("concurrent", 10, List.of("feature-1"));
        List<Activity> activities = batch("c", 2000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RecordActivitiesResponse>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return usage.record("concurrent", activities);
                }));
            }
            go.countDown();
            int duplicates = 0;
            for (Future<RecordActivitiesResponse> result : results) {
                RecordActivitiesResponse response = result.get(60, TimeUnit.SECONDS);
                assertThat(response.getAcceptedCount()).isEqualTo(2000);
                duplicates += response.getDuplicateCount();
            }
            assertThat(duplicates).isEqualTo(4000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(raw("concurrent")).isEqualTo(2000);
        assertThat(rollupEvents("concurrent")).isEqualTo(2000);
    }

    @Test
    void repeatedIdWithinABatchCountsOnce() {
        usage.entitle("repeat", 10, List.of());
        RecordActivitiesResponse response = usage.record("repeat", List.of(
                activity("same", "u1", "", NOW), activity("same", "u1", "", NOW)));
        assertThat(response.getAcceptedCount()).isEqualTo(2);
        assertThat(response.getDuplicateCount()).isEqualTo(1);
        assertThat(rollupEvents("repeat")).isEqualTo(1);
    }

    @Test
    void unknownTenantIsFailedPreconditionAndStoresNothing() {
        assertThatThrownBy(() -> usage.record("nobody", batch("n", 3)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(raw("nobody")).isZero();
    }

    @Test
    void badRecordsAreRejectedWithIndexFieldAndReasonAndTheRestStored() {
        usage.entitle("mixed", 10, List.of());
        List<Activity> activities = List.of(
                activity("ok-1", "u1", "", NOW),
                activity("future", "u1", "", NOW.plus(Duration.ofMinutes(6))),
                activity("ancient", "u1", "", NOW.minus(Duration.ofDays(400))),
                activity("", "u1", "", NOW),
                activity("x".repeat(65), "u1", "", NOW),
                activity("bad-user", "", "", NOW),
                activity("bad-feature", "u1", "no spaces", NOW),
                Activity.newBuilder().setActivityId("no-time").setUserId("u1").build(),
                activity("ok-2", "u2", "f", NOW.plus(Duration.ofMinutes(4))));
        RecordActivitiesResponse response = usage.record("mixed", activities);
        assertThat(response.getAcceptedCount()).isEqualTo(2);
        assertThat(response.getRejectedList()).extracting(RejectedActivity::getIndex)
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(response.getRejectedList()).extracting(RejectedActivity::getField).containsExactly(
                "activities[1].occurred_at", "activities[2].occurred_at", "activities[3].activity_id",
                "activities[4].activity_id", "activities[5].user_id", "activities[6].feature",
                "activities[7].occurred_at");
        assertThat(response.getRejected(0).getReason()).contains("future");
        assertThat(response.getRejected(1).getReason()).contains("retention");
        assertThat(usage.jdbc.queryForList("SELECT activity_id FROM usage_activity WHERE tenant_id = 'mixed'"
                + " ORDER BY activity_id", String.class)).containsExactly("ok-1", "ok-2");
        assertThat(rollupEvents("mixed")).isEqualTo(2);
    }

    @Test
    void batchOverTheCapIsInvalidArgumentAndStoresNothing() {
        usage.entitle("flood", 10, List.of());
        int cap = usage.service.ingest().maxBatch();
        assertThatThrownBy(() -> usage.record("flood", batch("f", cap + 1)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(GrpcErrors.fieldViolations(e)).containsExactly("activities");
                });
        assertThat(raw("flood")).isZero();
    }

    @Test
    void invalidTenantIdIsInvalidArgument() {
        assertThatThrownBy(() -> usage.record("not a tenant", batch("i", 1)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(GrpcErrors.fieldViolations(e)).containsExactly("tenant_id");
                });
    }

    @Test
    void acceptedActivityMarksTheTenantForMeasurementAfterTheDelay() {
        usage.entitle("marked", 10, List.of());
        usage.service.measurements().measureEach(List.of("marked"));
        usage.jdbc.update("UPDATE usage_tenant SET measure_due_at = NULL WHERE tenant_id = 'marked'");
        usage.record("marked", batch("m", 2));
        Instant due = usage.jdbc.queryForObject("SELECT measure_due_at FROM usage_tenant WHERE tenant_id = 'marked'",
                java.sql.Timestamp.class).toInstant();
        assertThat(due).isEqualTo(usage.clock.instant().plus(dev.successscore.usage.UsageServiceSettings.defaults().measureDelay()));
    }

    @Test
    void streamCommitsEachBatchAndRepliesWithTotals() throws Exception {
        usage.entitle("stream", 10, List.of());
        UsageServiceGrpc.UsageServiceStub async = UsageServiceGrpc.newStub(usage.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        CompletableFuture<StreamActivitiesResponse> reply = new CompletableFuture<>();
        StreamObserver<StreamActivitiesRequest> requests = async.streamActivities(observer(reply));
        requests.onNext(StreamActivitiesRequest.newBuilder().setTenantId("stream").addAllActivities(batch("s", 100))
                .build());
        requests.onNext(StreamActivitiesRequest.newBuilder().setTenantId("stream").addAllActivities(batch("s", 150))
                .addActivities(activity("late", "u", "", NOW.plus(Duration.ofHours(1)))).build());
        requests.onCompleted();
        StreamActivitiesResponse response = reply.get(30, TimeUnit.SECONDS);
        assertThat(response.getBatchCount()).isEqualTo(2);
        assertThat(response.getAcceptedCount()).isEqualTo(250);
        assertThat(response.getDuplicateCount()).isEqualTo(100);
        assertThat(response.getRejectedRecordCount()).isEqualTo(1);
        assertThat(response.getRejected(0).getBatchIndex()).isEqualTo(1);
        assertThat(response.getRejected(0).getIndex()).isEqualTo(150);
        assertThat(raw("stream")).isEqualTo(150);
    }

    @Test
    void streamForAnUnknownTenantFailsWithFailedPrecondition() throws Exception {
        UsageServiceGrpc.UsageServiceStub async = UsageServiceGrpc.newStub(usage.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        CompletableFuture<StreamActivitiesResponse> reply = new CompletableFuture<>();
        StreamObserver<StreamActivitiesRequest> requests = async.streamActivities(observer(reply));
        requests.onNext(StreamActivitiesRequest.newBuilder().setTenantId("ghost").addAllActivities(batch("g", 3))
                .build());
        requests.onCompleted();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        reply.handle((r, t) -> {
            failure.set(t);
            return null;
        }).get(30, TimeUnit.SECONDS);
        assertThat(Status.fromThrowable(failure.get()).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    private static StreamObserver<StreamActivitiesResponse> observer(CompletableFuture<StreamActivitiesResponse> r) {
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamActivitiesResponse value) {
                r.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                r.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                r.complete(null);
            }
        };
    }

    @Test
    void aRepeatedIdKeepsTheFirstRecordSent() {
        usage.entitle("first-wins", 10, List.of());
        usage.record("first-wins", List.of(activity("dup", "zed", "", NOW), activity("dup", "amy", "", NOW)));
        assertThat(usage.jdbc.queryForObject("SELECT user_id FROM usage_activity WHERE tenant_id = 'first-wins'",
                String.class)).isEqualTo("zed");
    }

    @Test
    void aStreamFailureNamesItsBatch() throws Exception {
        usage.entitle("named", 10, List.of());
        UsageServiceGrpc.UsageServiceStub async = UsageServiceGrpc.newStub(usage.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        CompletableFuture<StreamActivitiesResponse> reply = new CompletableFuture<>();
        StreamObserver<StreamActivitiesRequest> requests = async.streamActivities(observer(reply));
        requests.onNext(StreamActivitiesRequest.newBuilder().setTenantId("named").addAllActivities(batch("n", 3))
                .build());
        requests.onNext(StreamActivitiesRequest.newBuilder().setTenantId("not valid").addAllActivities(batch("n", 3))
                .build());
        requests.onCompleted();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        reply.handle((r, t) -> {
            failure.set(t);
            return null;
        }).get(30, TimeUnit.SECONDS);
        assertThat(GrpcErrors.fieldViolations((StatusRuntimeException) failure.get()))
                .containsExactly("batches[1].tenant_id");
        assertThat(raw("named")).isEqualTo(3);
    }
}
