package dev.successscore.runtime.feed;

import dev.successscore.runtime.feed.FeedFixture.InternalNote;
import dev.successscore.runtime.feed.FeedFixture.Producer;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.successscore.runtime.feed.EventFeedEndToEndTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedMessageSourceTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private FeedMessageSource source(ManagedChannel channel, FeedClientSettings settings) {
        resources.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        FeedMessageSource source = new FeedMessageSource("upstream", channel,
                JacksonSerializer.builder().objectMapper(Json.mapper().copy()).build(), null, settings);
        resources.add(source);
        return source;
    }

    private static ManagedChannel channelToNowhere() {
        return InProcessChannelBuilder.forName("nobody-" + UUID.randomUUID()).build();
    }

    private static List<TrackedEventMessage<?>> take(BlockingStream<TrackedEventMessage<?>> stream, int count)
            throws InterruptedException {
        List<TrackedEventMessage<?>> taken = new ArrayList<>();
        while (taken.size() < count) {
            taken.add(stream.nextAvailable());
        }
        return taken;
    }

    @Test
    void readsTheFeedThroughASmallBufferInOrderAndReconnectsWhenItsDeadlineExpires() throws Exception {
        Producer producer = new Producer(FeedServerSettings.defaults().withBatchLimits(3, 64 * 1024),
                EventFeedServer.SIGNAL_EVENTS);
        resources.add(producer);
        FeedMessageSource source = source(producer.newChannel(), FeedFixture.fastClientSettings()
                .withDeadlines(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withBufferSize(4));
        for (int n = 0; n < 30; n++) {
            producer.publish(FeedFixture.measurement("acme", n));
            producer.publish(new InternalNote("note " + n), "notes");
        }
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        resources.add(stream::close);

        List<TrackedEventMessage<?>> first = take(stream, 30);
        // several stream deadlines pass while nothing is published: each time the stream reconnects
        long connections = source.status().connections();
        waitUntil(() -> source.status().connections() >= connections + 2);
        for (int n = 30; n < 40; n++) {
            producer.publish(FeedFixture.measurement("acme", n));
        }
        List<TrackedEventMessage<?>> rest = take(stream, 10);

        List<TrackedEventMessage<?>> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(all).extracting(m -> ((MeasurementRecordedEvent) m.getPayload()).measurementId())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(n -> "acme-m" + n).toList());
        List<Long> indexes = all.stream().map(m -> FeedPositions.indexOf(m.trackingToken())).toList();
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(source.status().lastDeliveredIndex()).isEqualTo(indexes.get(indexes.size() - 1));
        assertThat(source.status().connected()).isTrue();
    }

    @Test
    void createsTheHeadTokenButNoTokenByTime() {
        Producer producer = new Producer();
        resources.add(producer);
        FeedMessageSource source = source(producer.newChannel(), FeedFixture.fastClientSettings());
        assertThat(source.createHeadToken()).isNull();
        assertThat(source.createTailToken()).isNull();

        producer.publish(FeedFixture.measurement("acme", 1));
        producer.publish(new InternalNote("newest"), "notes");

        TrackingToken head = source.createHeadToken();
        assertThat(head).isInstanceOf(GapAwareTrackingToken.class);
        assertThat(FeedPositions.indexOf(head)).isEqualTo(
                producer.jdbc().queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class));
        assertThatThrownBy(() -> source.createTokenAt(Instant.now()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anUpstreamWithoutTheFeedFailsFastWithoutRetryOrBreaker() throws Exception {
        String name = "no-feed-" + UUID.randomUUID();
        GrpcServer bare = GrpcServer.inProcess(name).build().start();
        resources.add(() -> bare.stop(Duration.ofSeconds(1)));
        FeedMessageSource source = source(InProcessChannelBuilder.forName(name).build(),
                FeedFixture.fastClientSettings());
        AtomicInteger retries = new AtomicInteger();
        source.callRetry().getEventPublisher().onRetry(event -> retries.incrementAndGet());

        assertThatThrownBy(source::createHeadToken)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        assertThat(retries).hasValue(0);
        assertThat(source.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();

        // a stream fails for good at once, and says why
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        resources.add(stream::close);
        waitUntil(() -> source.status().lastError() != null);
        assertThatThrownBy(() -> stream.hasNextAvailable(5, TimeUnit.SECONDS))
                .isInstanceOf(FeedStreamException.class)
                .hasMessageContaining("UNIMPLEMENTED");
        assertThat(source.status().lastError()).startsWith("UNIMPLEMENTED");
        assertThat(source.status().connected()).isFalse();
    }

    @Test
    void anUnreachableUpstreamIsRetriedWithBackoffThenTheBreakerOpens() {
        FeedClientSettings settings = FeedClientSettings.defaults()
                .withRetries(3, 3, Duration.ofMillis(10), Duration.ofMillis(50))
                .withBreakerOpenDuration(Duration.ofMinutes(1));
        FeedMessageSource source = source(channelToNowhere(), settings);
        AtomicInteger retries = new AtomicInteger();
        source.callRetry().getEventPublisher().onRetry(event -> retries.incrementAndGet());

        assertThatThrownBy(source::createHeadToken)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(retries).hasValue(2);
        assertThat(source.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
        assertThat(source.status().lastError()).startsWith("UNAVAILABLE");

        // two more failed attempts reach the breaker's minimum of five calls, all failed: it opens
        assertThatThrownBy(source::createHeadToken).isInstanceOf(RuntimeException.class);
        assertThat(source.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(source::createHeadToken).isInstanceOf(CallNotPermittedException.class);
        assertThat(source.status().circuitBreakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aStreamThatCannotConnectGivesUpAfterItsAttemptsAndSaysSo() {
        FeedClientSettings settings = FeedClientSettings.defaults()
                .withRetries(1, 3, Duration.ofMillis(10), Duration.ofMillis(50));
        FeedMessageSource source = source(channelToNowhere(), settings);
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        resources.add(stream::close);

        waitUntil(() -> {
            try {
                return stream.hasNextAvailable();
            } catch (FeedStreamException e) {
                return true;
            }
        });
        assertThatThrownBy(stream::peek)
                .isInstanceOf(FeedStreamException.class)
                .hasMessageContaining("UNAVAILABLE")
                .hasRootCauseInstanceOf(StatusRuntimeException.class);
        assertThat(source.streamRetry().getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
    }
}
