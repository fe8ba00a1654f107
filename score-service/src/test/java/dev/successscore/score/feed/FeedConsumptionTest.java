package dev.successscore.score.feed;

import static dev.successscore.score.feed.UpstreamProducer.adoption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.successscore.runtime.feed.EventFeedServer;
import dev.successscore.score.ScoreServiceHarness;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.GetFeedLagRequest;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ReplayFeedRequest;
import successscore.signal.v1.Category;

/** score-service consuming an upstream's event feed over gRPC, on real PostgreSQL databases. */
class FeedConsumptionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);

    private final Set<AutoCloseable> open = new HashSet<>();

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ScoreServiceHarness consumerOf(UpstreamProducer upstream) {
        ManagedChannel channel = upstream.channel();
        track(channel::shutdownNow);
        return track(new ScoreServiceHarness(CLOCK, Map.of("usage-service", channel)));
    }

    private static Instant at(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    private static void awaitChanges(ScoreServiceHarness consumer, int count) {
        await().atMost(60, TimeUnit.SECONDS).ignoreExceptions()
                .untilAsserted(() -> assertThat(consumer.changeCount()).isEqualTo(count));
    }

    @Test
    void measurementsPublishedUpstreamMoveTheComposite() {
        UpstreamProducer upstream = track(new UpstreamProducer());
        ScoreServiceHarness consumer = consumerOf(upstream);
        var request = GetScoreRequest.newBuilder().setTenantId("acme").build();

        upstream.publish("acme", adoption("acme", 1, at(1), 60));
        awaitChanges(consumer, 1);
        // (25*60 + 10*60 + 25*60 + 25*60 + 15*50) / 100 = 58.5
        assertThat(consumer.scores().getScore(request).getScore().getComposite()).isEqualTo("58.5");

        upstream.publish("acme", adoption("acme", 2, at(2), 80));
        awaitChanges(consumer, 2);
        // (85*80 + 15*100) / 100 = 83.0
        assertThat(consumer.scores().getScore(request).getScore().getComposite()).isEqualTo("83.0");
    }

    @Test
    void aConsumerStoppedMidStreamEndsWithTheSameChainsAsAnUninterruptedOne() {
        UpstreamProducer upstream = track(new UpstreamProducer());
        ScoreServiceHarness interrupted = consumerOf(upstream);
        ScoreServiceHarness uninterrupted = consumerOf(upstream);
        int events = 0;
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 60; i++, events++) {
                String tenant = "tenant-" + (events % 12);
                upstream.publish(tenant, adoption(tenant, events, at(events), 20 + (events * 7) % 80));
            }
            // stopped wherever it is: between receiving a batch and committing it, or between batches
            interrupted.restartService();
        }
        awaitChanges(uninterrupted, events);
        awaitChanges(interrupted, events);
        assertThat(interrupted.hashChains()).hasSize(12).isEqualTo(uninterrupted.hashChains());
    }

    @Test
    void transactionsCutBetweenReceivingAndCommittingEndWithTheSameChains() throws Exception {
        UpstreamProducer upstream = track(new UpstreamProducer());
        ScoreServiceHarness cut = consumerOf(upstream);
        ScoreServiceHarness uninterrupted = consumerOf(upstream);
        var killer = new org.springframework.jdbc.core.JdbcTemplate(
                dev.successscore.runtime.testing.TestDatabases.server().getPostgresDatabase());
        String database = cut.jdbc.queryForObject("SELECT current_database()", String.class);
        int events = 0;
        int terminated = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 30; i++, events++) {
                String tenant = "tenant-" + (events % 9);
                upstream.publish(tenant, adoption(tenant, events, at(events), 10 + (events * 13) % 90));
            }
            // every open transaction of score-service is cut wherever it is: its batch rolls back
            terminated += killer.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE datname = ? AND pid <> pg_backend_pid()", Boolean.class, database).size();
        }
        assertThat(terminated).as("connections were cut").isPositive();
        awaitChanges(uninterrupted, events);
        awaitChanges(cut, events);
        // the test's own pooled connections may have been cut too: read until a live one answers
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().untilAsserted(() ->
                assertThat(cut.hashChains()).hasSize(9).isEqualTo(uninterrupted.hashChains()));
    }

    @Test
    void anUpstreamStoppedForAWhileIsCaughtUpWithNothingLostOrAppliedTwice() {
        UpstreamProducer upstream = track(new UpstreamProducer());
        ScoreServiceHarness consumer = consumerOf(upstream);
        for (int i = 0; i < 10; i++) {
            upstream.publish("acme", adoption("acme", i, at(i), 50));
        }
        awaitChanges(consumer, 10);

        UpstreamHealthReporter health = track(new UpstreamHealthReporter(consumer.server, consumer.service.feeds()));
        var healthStub = HealthGrpc.newBlockingStub(consumer.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        health.report();
        assertThat(status(healthStub, "upstream/usage-service")).isEqualTo(ServingStatus.SERVING);

        upstream.stop();
        for (int i = 10; i < 30; i++) {
            upstream.publish("acme", adoption("acme", i, at(i), 50 + i));
        }
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(consumer.service.feeds().status("usage-service").orElseThrow().connected()).isFalse();
            var category = consumer.scores().getScore(GetScoreRequest.newBuilder().setTenantId("acme").build())
                    .getScore().getCategories(0);
            assertThat(category.getCategory()).isEqualTo(Category.CATEGORY_PRODUCT_ADOPTION);
            assertThat(category.getStale()).as("an unreachable owner is stale, not unavailable").isTrue();
            assertThat(category.getAvailable()).isTrue();
        });
        assertThat(consumer.changeCount()).isEqualTo(10);
        health.report();
        assertThat(status(healthStub, "upstream/usage-service")).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(status(healthStub, "")).as("score-service keeps serving").isEqualTo(ServingStatus.SERVING);

        upstream.start();
        awaitChanges(consumer, 30);
        var positions = consumer.jdbc.queryForList("SELECT position FROM score_change WHERE tenant_id = 'acme' "
                + "ORDER BY position", Long.class);
        assertThat(positions).hasSize(30).first().isEqualTo(1L);
        assertThat(positions.get(29)).isEqualTo(30L);
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(consumer.scores()
                .getScore(GetScoreRequest.newBuilder().setTenantId("acme").build()).getScore().getCategories(0)
                .getStale()).isFalse());
        health.report();
        assertThat(status(healthStub, "upstream/usage-service")).isEqualTo(ServingStatus.SERVING);
    }

    private static ServingStatus status(HealthGrpc.HealthBlockingStub stub, String service) {
        return stub.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** A published event type score-service does not apply. */
    record TenantRenamedEvent(String tenantId, String name) {
    }

    @Test
    void anUnknownEventTypeStopsTheConsumerWhereItIsAndShowsInTheLag() {
        Set<Class<?>> published = new HashSet<>(EventFeedServer.SIGNAL_EVENTS);
        published.add(TenantRenamedEvent.class);
        UpstreamProducer upstream = track(new UpstreamProducer(published));
        ScoreServiceHarness consumer = consumerOf(upstream);

        upstream.publish("acme", adoption("acme", 1, at(1), 60));
        awaitChanges(consumer, 1);
        upstream.publish("acme", new TenantRenamedEvent("acme", "Acme Corp"));
        upstream.publish("acme", adoption("acme", 2, at(2), 90));

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            var lag = consumer.admin().getFeedLag(GetFeedLagRequest.getDefaultInstance()).getUpstreams(0);
            assertThat(lag.getUpstream()).isEqualTo("usage-service");
            assertThat(lag.getEventsBehind()).isGreaterThanOrEqualTo(2);
        });
        await().during(2, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(consumer.changeCount()).as("nothing after the unknown event").isEqualTo(1));
        double lagMetric = consumer.service.meters().get("successscore.feed.lag.events")
                .tag("upstream", "usage-service").gauge().value();
        assertThat(lagMetric).isGreaterThanOrEqualTo(2);
    }

    @Test
    void replayingAFeedFromTheBeginningEndsWithTheSameScoresAndChains() {
        UpstreamProducer upstream = track(new UpstreamProducer());
        ScoreServiceHarness consumer = consumerOf(upstream);
        for (int i = 0; i < 40; i++) {
            String tenant = "tenant-" + (i % 5);
            upstream.publish(tenant, adoption(tenant, i, at(i), 30 + i));
        }
        awaitChanges(consumer, 40);
        Map<String, String> before = consumer.hashChains();

        consumer.admin().replayFeed(ReplayFeedRequest.newBuilder().setUpstream("usage-service").build());
        upstream.publish("tenant-0", adoption("tenant-0", 40, at(40), 99));
        awaitChanges(consumer, 41);
        Map<String, String> after = consumer.hashChains();
        assertThat(after.get("tenant-0")).startsWith(before.get("tenant-0") + ",");
        after.remove("tenant-0");
        before.remove("tenant-0");
        assertThat(after).isEqualTo(before);
    }
}
