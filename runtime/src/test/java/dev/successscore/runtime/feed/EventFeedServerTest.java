package dev.successscore.runtime.feed;

import dev.successscore.runtime.feed.FeedFixture.InternalNote;
import dev.successscore.runtime.feed.FeedFixture.Producer;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.feed.v1.FeedEvent;
import successscore.feed.v1.GetFeedHeadRequest;
import successscore.feed.v1.GetFeedHeadResponse;
import successscore.feed.v1.StreamEventsRequest;
import successscore.feed.v1.StreamEventsResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.successscore.runtime.feed.EventFeedEndToEndTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFeedServerTest {

    private Producer producer;
    private ManagedChannel channel;
    private final List<Context.CancellableContext> calls = new ArrayList<>();

    private void start(FeedServerSettings settings) {
        producer = new Producer(settings, EventFeedServer.SIGNAL_EVENTS);
        channel = producer.newChannel();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        calls.forEach(call -> call.cancel(null));
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (producer != null) {
            producer.close();
        }
    }

    private EventFeedServiceGrpc.EventFeedServiceBlockingStub stub() {
        return EventFeedServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Opens a stream that the test (or its tear-down) cancels. */
    private Iterator<StreamEventsResponse> stream(String afterPosition) {
        Context.CancellableContext call = Context.current().withCancellation();
        calls.add(call);
        Context previous = call.attach();
        try {
            return stub().streamEvents(StreamEventsRequest.newBuilder().setAfterPosition(afterPosition).build());
        } finally {
            call.detach(previous);
        }
    }

    private static List<FeedEvent> readEvents(Iterator<StreamEventsResponse> responses, int count) {
        List<FeedEvent> events = new ArrayList<>();
        while (events.size() < count) {
            events.addAll(responses.next().getEventsList());
        }
        return events;
    }

    @Test
    void sendsOnlyPublishedEventsWithTheirStoredBytesAndAdvancingPositions() {
        start(FeedServerSettings.defaults().withBatchLimits(2, 64 * 1024));
        Iterator<StreamEventsResponse> responses = stream("");
        // the stream opens with a response that carries no event
        StreamEventsResponse opened = responses.next();
        assertThat(opened.getEventsList()).isEmpty();
        assertThat(opened.getPosition()).isEmpty();

        for (int n = 0; n < 5; n++) {
            producer.publish(FeedFixture.measurement("acme", n));
            producer.publish(new InternalNote("not published " + n), "notes");
        }
        producer.publish(FeedFixture.engagement("acme", 9), "acme-engagement");
        List<FeedEvent> events = readEvents(responses, 6);

        assertThat(events).extracting(FeedEvent::getPayloadType).containsOnly(
                MeasurementRecordedEvent.class.getName(), "dev.successscore.runtime.signal.EngagementChangedEvent");
        assertThat(events).extracting(FeedEvent::getPayloadRevision).containsOnly("1");
        Map<String, Object> stored = producer.jdbc().queryForMap(
                "SELECT payload, metadata, globalindex, timestamp FROM domainevententry WHERE eventidentifier = ?",
                events.get(0).getEventId());
        assertThat(events.get(0).getPayload().toByteArray()).isEqualTo((byte[]) stored.get("payload"));
        assertThat(events.get(0).getMetadata().toByteArray()).isEqualTo((byte[]) stored.get("metadata"));
        assertThat(events.get(0).getAggregateType()).isEqualTo("TenantSignals");
        assertThat(events.get(0).getAggregateId()).isEqualTo("acme");
        assertThat(events.get(0).getAggregateSequence()).isZero();
        assertThat(Instant.ofEpochSecond(events.get(0).getEventTime().getSeconds(), events.get(0).getEventTime().getNanos()))
                .isEqualTo(Instant.parse((String) stored.get("timestamp")));
        assertThat(FeedPositions.decode(events.get(0).getPosition()).getIndex()).isEqualTo(stored.get("globalindex"));
        List<Long> indexes = events.stream().map(e -> FeedPositions.decode(e.getPosition()).getIndex()).toList();
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        // every other index is an unpublished note
        assertThat(indexes.get(1) - indexes.get(0)).isEqualTo(2);
    }

    @Test
    void aStreamResumedFromAPositionNeitherRepeatsNorSkips() {
        start(FeedServerSettings.defaults());
        for (int n = 0; n < 6; n++) {
            producer.publish(FeedFixture.measurement("acme", n));
        }
        List<FeedEvent> first = readEvents(stream(""), 6);
        String afterThird = first.get(2).getPosition();

        List<FeedEvent> resumed = readEvents(stream(afterThird), 3);

        assertThat(resumed).extracting(FeedEvent::getEventId)
                .containsExactlyElementsOf(first.subList(3, 6).stream().map(FeedEvent::getEventId).toList());
    }

    @Test
    void aPositionItDidNotHandOutIsAnInvalidArgument() {
        start(FeedServerSettings.defaults());

        assertThatThrownBy(() -> stream("garbage!").hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(GrpcErrors.fieldViolations(e)).containsExactly("after_position");
                });
        assertThatThrownBy(() -> stub().getFeedHead(GetFeedHeadRequest.newBuilder().setPosition("x").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(GrpcErrors.fieldViolations(e)).containsExactly("position"));
    }

    @Test
    void theHeadIsTheNewestEventPublishedOrNot() {
        start(FeedServerSettings.defaults());
        GetFeedHeadResponse empty = stub().getFeedHead(GetFeedHeadRequest.getDefaultInstance());
        assertThat(empty.getHeadIndex()).isEqualTo(-1);
        assertThat(empty.getPosition()).isEmpty();
        assertThat(empty.hasEventTime()).isFalse();

        producer.publish(FeedFixture.measurement("acme", 1));
        producer.publish(new InternalNote("newest"), "notes");
        List<Map<String, Object>> rows = producer.jdbc().queryForList(
                "SELECT globalindex, timestamp FROM domainevententry ORDER BY globalindex");
        long first = (Long) rows.get(0).get("globalindex");
        long newest = (Long) rows.get(1).get("globalindex");

        GetFeedHeadResponse head = stub().getFeedHead(GetFeedHeadRequest.newBuilder()
                .setPosition(FeedPositions.encode(GapAwareTrackingToken.newInstance(first, List.of()))).build());

        assertThat(head.getHeadIndex()).isEqualTo(newest);
        assertThat(FeedPositions.decode(head.getPosition()).getIndex()).isEqualTo(newest);
        assertThat(head.getEventTime().getSeconds())
                .isEqualTo(Instant.parse((String) rows.get(1).get("timestamp")).getEpochSecond());
        assertThat(head.getPositionEventTime().getSeconds())
                .isEqualTo(Instant.parse((String) rows.get(0).get("timestamp")).getEpochSecond());
    }

    @Test
    void streamsBeyondTheLimitAreRefusedAsResourceExhausted() {
        start(FeedServerSettings.defaults().withMaxStreams(1));
        Iterator<StreamEventsResponse> first = stream("");
        first.next();

        assertThatThrownBy(() -> stream("").next())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void aCancelledStreamReleasesItsThreadAndClosingEndsTheOthersAsUnavailable() {
        start(FeedServerSettings.defaults());
        Iterator<StreamEventsResponse> cancelled = stream("");
        cancelled.next();
        Iterator<StreamEventsResponse> open = stream("");
        open.next();
        waitUntil(() -> producer.feed.openStreams() == 2);

        calls.get(0).cancel(null);
        waitUntil(() -> producer.feed.openStreams() == 1);

        producer.feed.close();

        assertThat(producer.feed.openStreams()).isZero();
        assertThatThrownBy(open::next)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThatThrownBy(() -> stream("").next())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void anIdleStreamSendsHeartbeats() {
        start(FeedServerSettings.defaults().withHeartbeatInterval(Duration.ofMillis(200)));
        producer.publish(FeedFixture.measurement("acme", 1));
        Iterator<StreamEventsResponse> responses = stream("");
        assertThat(readEvents(responses, 1)).hasSize(1);

        // nothing is published any more, yet responses keep coming, each at the last event's position
        StreamEventsResponse heartbeat = responses.next();
        StreamEventsResponse another = responses.next();

        assertThat(heartbeat.getEventsList()).isEmpty();
        assertThat(another.getEventsList()).isEmpty();
        assertThat(FeedPositions.decode(another.getPosition()).getIndex()).isEqualTo(
                producer.jdbc().queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class));
    }
}
