package dev.successscore.runtime.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.successscore.runtime.feed.FeedFixture.Consumer;
import dev.successscore.runtime.feed.FeedFixture.Hold;
import dev.successscore.runtime.feed.FeedFixture.InternalNote;
import dev.successscore.runtime.feed.FeedFixture.Producer;
import dev.successscore.runtime.feed.FeedFixture.ProducerOnlyEvent;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.signal.EngagementChangedEvent;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two services wired as in production: a producer's event store served by {@link EventFeedServer}, and a
 * consumer's pooled streaming processor reading it through {@link FeedMessageSource} into a table, each on its own
 * PostgreSQL database.
 */
class EventFeedEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** Polls often: the conditions hold within milliseconds, and the gap test waits for many of them. */
    static ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    static void waitUntil(Callable<Boolean> condition) {
        waiting().until(condition);
    }

    static void waitUntilAsserted(ThrowingRunnable assertion) {
        waiting().untilAsserted(assertion);
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void everyPublishedEventIsAppliedOnceInOrderPerTenantAcrossCatchUpAndLiveFollowing() {
        Producer producer = track(new Producer(FeedServerSettings.defaults().withBatchLimits(7, 64 * 1024),
                EventFeedServer.SIGNAL_EVENTS));
        List<String> expected = new ArrayList<>();
        // history before the consumer exists, interleaved with events the producer does not publish
        for (int n = 0; n < 120; n++) {
            String tenant = TENANTS.get(n % TENANTS.size());
            producer.publish(FeedFixture.measurement(tenant, n));
            expected.add(tenant + "-m" + n);
            if (n % 3 == 0) {
                producer.publish(new InternalNote("note " + n), "notes");
            }
        }
        Consumer consumer = track(new Consumer(producer, FeedFixture.fastClientSettings().withBufferSize(16),
                null, null, 2));

        // live events while the consumer catches up and afterwards
        for (int n = 120; n < 240; n++) {
            String tenant = TENANTS.get(n % TENANTS.size());
            if (n % 10 == 0) {
                producer.publish(FeedFixture.engagement(tenant, n), tenant + "-engagement");
                expected.add(tenant + "-e" + n);
            }
            producer.publish(FeedFixture.measurement(tenant, n));
            expected.add(tenant + "-m" + n);
        }
        // the newest events of the store are not published ones
        IntStream.range(0, 5).forEach(i -> producer.publish(new InternalNote("tail " + i), "notes"));

        waitUntil(() -> consumer.applied() == expected.size());

        assertThat(consumer.appliedKeys()).containsExactlyInAnyOrderElementsOf(expected);
        for (String tenant : TENANTS) {
            List<String> inFeedOrder = expected.stream().filter(key -> key.startsWith(tenant + "-")).toList();
            assertThat(consumer.appliedKeysOf(tenant)).as("order of %s", tenant).containsExactlyElementsOf(inFeedOrder);
        }
        assertThat(consumer.applier.duplicates).hasValue(0);
        assertThat(consumer.applier.refused).hasValue(0);

        // caught up, although the newest events are unpublished notes
        waitUntil(() -> consumer.source.lag(consumer.committedToken()).caughtUp());
        FeedLag lag = consumer.source.lag(consumer.committedToken());
        assertThat(lag.time()).isEqualTo(Duration.ZERO);
        assertThat(lag.headIndex()).isEqualTo(lag.positionIndex()).isGreaterThan(expected.size());
        UpstreamStatus status = consumer.source.status();
        assertThat(status.connected()).isTrue();
        assertThat(status.lastDeliveredIndex()).isPositive();
        assertThat(status.circuitBreakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anEventWhoseTransactionCommitsLateIsStillDelivered() throws Exception {
        Producer producer = track(new Producer());
        Consumer consumer = track(new Consumer(producer));
        int iterations = 24;
        int applied = 0;
        for (int i = 0; i < iterations; i++) {
            // every eighth held transaction runs on another instance of the producer, whose commit this event store
            // is not told about (it finds it by polling, within a second)
            boolean otherReplica = i % 8 == 7;
            MeasurementRecordedEvent held = FeedFixture.measurement("held", i);
            Hold hold = producer.hold(held, "held-" + i, otherReplica);

            List<String> later = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                MeasurementRecordedEvent event = FeedFixture.measurement(TENANTS.get(k), i * 10 + k);
                producer.publish(event);
                later.add(event.measurementId());
            }
            int expectedBeforeCommit = applied + later.size();
            waitUntil(() -> consumer.applied() == expectedBeforeCommit);
            assertThat(consumer.appliedKeys()).containsAll(later).doesNotContain(held.measurementId());

            hold.commit();

            waitUntil(() -> consumer.hasApplied(held.measurementId()));
            applied = expectedBeforeCommit + 1;
            assertThat(consumer.applied()).isEqualTo(applied);
        }
        assertThat(consumer.appliedKeysOf("held")).hasSize(iterations);
        assertThat(consumer.applier.duplicates).hasValue(0);
    }

    @Test
    void theConsumerRidesOutAnUpstreamOutageByItself() throws Exception {
        Producer producer = track(new Producer());
        Consumer consumer = track(new Consumer(producer));
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            MeasurementRecordedEvent event = FeedFixture.measurement(TENANTS.get(n % TENANTS.size()), n);
            producer.publish(event);
            expected.add(event.measurementId());
        }
        waitUntil(() -> consumer.applied() == expected.size());
        waitUntil(() -> consumer.source.status().connected());
        long connectionsBefore = consumer.source.status().connections();
        // a transaction that is still open when the upstream goes down, and commits during the outage
        MeasurementRecordedEvent held = FeedFixture.measurement("held", 0);
        Hold hold = producer.hold(held, "held-0", false);

        producer.stopServer();

        waitUntilAsserted(() -> {
            UpstreamStatus status = consumer.source.status();
            assertThat(status.connected()).isFalse();
            assertThat(status.lastError()).startsWith("UNAVAILABLE");
        });
        for (int n = 40; n < 80; n++) {
            MeasurementRecordedEvent event = FeedFixture.measurement(TENANTS.get(n % TENANTS.size()), n);
            producer.publish(event);
            expected.add(event.measurementId());
        }
        hold.commit();
        expected.add(held.measurementId());
        // the reconnection attempts keep failing: the breaker opens and calls are refused without trying
        waitUntil(() -> consumer.source.status().circuitBreakerState() == CircuitBreaker.State.OPEN);
        assertThat(consumer.applied()).isEqualTo(40);
        assertThat(consumer.source.status().connected()).isFalse();

        producer.startServer();

        waitUntil(() -> consumer.applied() == expected.size());
        assertThat(consumer.appliedKeys()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(consumer.applier.duplicates).hasValue(0);
        waitUntilAsserted(() -> {
            UpstreamStatus status = consumer.source.status();
            assertThat(status.connected()).isTrue();
            assertThat(status.connections()).isGreaterThan(connectionsBefore);
            assertThat(status.circuitBreakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
    }

    @Test
    void anEventOfATypeTheConsumerCannotLoadStopsTheProcessorThere() {
        Producer producer = track(new Producer(FeedServerSettings.defaults(),
                Set.of(MeasurementRecordedEvent.class, EngagementChangedEvent.class, ProducerOnlyEvent.class)));
        // the consumer's build does not have the producer's newer event class
        JacksonSerializer olderSerializer = JacksonSerializer.builder()
                .objectMapper(Json.mapper().copy())
                .classLoader(new HidingClassLoader(ProducerOnlyEvent.class.getName()))
                .build();
        Consumer consumer = track(new Consumer(producer, FeedFixture.fastClientSettings(), olderSerializer, null, 1));

        producer.publish(FeedFixture.measurement("acme", 1));
        producer.publish(FeedFixture.measurement("acme", 2));
        // (the events of the batch that holds the refused event roll back with it: let these two commit first)
        waitUntil(() -> consumer.applied() == 2);
        producer.publish(new ProducerOnlyEvent("acme", "retired"), "acme");
        producer.publish(FeedFixture.measurement("acme", 3));
        producer.publish(FeedFixture.measurement("acme", 4));

        // refused, rolled back, retried and refused again: the processor is stuck at that event
        waitUntil(() -> consumer.applier.refused.get() >= 2);
        assertThat(consumer.appliedKeys()).containsExactly("acme-m1", "acme-m2");

        FeedLag lag = consumer.source.lag(consumer.committedToken());
        assertThat(lag.events()).isGreaterThanOrEqualTo(3);
        assertThat(lag.caughtUp()).isFalse();
        assertThat(consumer.appliedKeys()).containsExactly("acme-m1", "acme-m2");
    }

    @Test
    void theConsumersUpcastersApplyToFeedEvents() {
        Producer producer = track(new Producer());
        // an event stored by an older version of the producer: revision 0 named the tenant "tenant"
        ObjectNode legacy = Json.mapper().valueToTree(FeedFixture.measurement("ignored", 7));
        legacy.remove("tenantId");
        legacy.put("tenant", "legacy-tenant");
        legacy.put("measurementId", "legacy-m7");
        producer.jdbc().update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type,"
                        + " eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                        + " VALUES (?, 0, 'TenantSignals', ?, ?, ?, '0', ?, ?)",
                "legacy-tenant", "legacy-event-7", "{}".getBytes(StandardCharsets.UTF_8),
                legacy.toString().getBytes(StandardCharsets.UTF_8), MeasurementRecordedEvent.class.getName(),
                Instant.now().toString());
        producer.publish(FeedFixture.measurement("acme", 8));

        Consumer consumer = track(new Consumer(producer, FeedFixture.fastClientSettings(), null,
                new TenantRenameUpcaster(), 1));

        waitUntil(() -> consumer.applied() == 2);
        assertThat(consumer.appliedKeysOf("legacy-tenant")).containsExactly("legacy-m7");
        assertThat(consumer.appliedKeysOf("acme")).containsExactly("acme-m8");
    }

    /** Revision 0 of MeasurementRecordedEvent called the tenant "tenant". */
    private static final class TenantRenameUpcaster extends SingleEventUpcaster {
        private static final SimpleSerializedType REVISION_0 =
                new SimpleSerializedType(MeasurementRecordedEvent.class.getName(), "0");

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation representation) {
            return representation.getType().equals(REVISION_0);
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
            return representation.upcastPayload(
                    new SimpleSerializedType(MeasurementRecordedEvent.class.getName(), "1"), JsonNode.class,
                    node -> {
                        ObjectNode object = (ObjectNode) node;
                        object.set("tenantId", object.remove("tenant"));
                        return object;
                    });
        }
    }

    /** A class loader that does not find one class, as in a build that does not have it. */
    private static final class HidingClassLoader extends ClassLoader {
        private final String hidden;

        HidingClassLoader(String hidden) {
            super(EventFeedEndToEndTest.class.getClassLoader());
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(hidden)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
