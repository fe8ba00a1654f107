package dev.successscore.score.feed;

import static dev.successscore.score.feed.UpstreamProducer.adoption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.db.DatabaseSettings;
import dev.successscore.runtime.grpc.RunningService;
import dev.successscore.runtime.testing.ScrapedMetrics;
import dev.successscore.runtime.testing.TestDatabases;
import dev.successscore.score.ScoreServiceApp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ScoreServiceGrpc;

/**
 * score-service started from its main class, following an upstream's feed: its metrics endpoint shows the feed's
 * lag per upstream, the state of its streaming processors, its calls and its pool.
 */
class ScoreServiceMetricsTest {

    private UpstreamProducer upstream;
    private RunningService score;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        upstream = new UpstreamProducer();
        int feedPort = upstream.serveOverTcp();
        score = ScoreServiceApp.start(Settings.of(Map.of(
                DatabaseSettings.URL, TestDatabases.freshJdbcUrl(),
                DatabaseSettings.USER, "postgres",
                "CSS_SCORE_PORT", "0",
                "CSS_AUTH_DISABLED", "true",
                "CSS_INSECURE", "true",
                "CSS_SCORE_METRICS_PORT", "0",
                "CSS_SCORE_UPSTREAMS", "usage-service=localhost:" + feedPort)));
        channel = ManagedChannelBuilder.forAddress("localhost", score.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        score.close();
        upstream.close();
    }

    @Test
    void exposesFeedLagProcessorStateCallsAndThePool() {
        assertThat(score.metricsPort()).isPositive().isNotEqualTo(9100);
        upstream.publish("acme", adoption("acme", 1, Instant.now().minus(Duration.ofMinutes(1)), 60));
        var scores = ScoreServiceGrpc.newBlockingStub(channel);
        await().atMost(60, TimeUnit.SECONDS).ignoreExceptions().until(() -> scores
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getScore(GetScoreRequest.newBuilder().setTenantId("acme").build()).hasScore());

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            ScrapedMetrics metrics = ScrapedMetrics.scrape(score.metricsPort());
            // feed lag, per upstream
            assertThat(metrics.samples("successscore_feed_lag_events", "upstream", "usage-service",
                    "service", "score-service")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isZero());
            assertThat(metrics.samples("successscore_feed_lag_seconds", "upstream", "usage-service")).hasSize(1);
            assertThat(metrics.sum("successscore_feed_connected", "upstream", "usage-service")).isEqualTo(1);
            // the feed's streaming processor: running, not in error, all its segments here and caught up
            String processor = UpstreamFeeds.processorName("usage-service");
            assertThat(metrics.sum("successscore_processor_running", "processor", processor)).isEqualTo(1);
            assertThat(metrics.sum("successscore_processor_error", "processor", processor)).isZero();
            assertThat(metrics.sum("successscore_processor_segments_claimed", "processor", processor))
                    .isEqualTo(UpstreamFeeds.SEGMENTS);
            assertThat(metrics.sum("successscore_processor_segments", "processor", processor))
                    .isEqualTo(UpstreamFeeds.SEGMENTS);
            assertThat(metrics.sum("successscore_processor_caught_up", "processor", processor)).isEqualTo(1);
            // Axon's own monitors of the processor and the command bus
            assertThat(metrics.samples("eventProcessor_capacity", "processorName", processor)).isNotEmpty();
            assertThat(metrics.sum("commandBus_successCounter_total")).isPositive();
            // the calls to the upstream and the one served
            assertThat(metrics.samples("grpc_client_processing_duration_seconds_count",
                    "grpc_service", "successscore.feed.v1.EventFeedService")).isNotEmpty();
            assertThat(metrics.sum("grpc_server_processing_duration_seconds_bucket", "method", "GetScore",
                    "statusCode", "OK", "le", "+Inf")).isPositive();
            // the pool
            assertThat(metrics.samples("hikaricp_connections_max", "pool", "successscore-db")).singleElement()
                    .satisfies(sample -> assertThat(sample.value()).isEqualTo(10));
        });
    }
}
