package dev.successscore.runtime.feed;

import dev.successscore.runtime.feed.FeedFixture.Consumer;
import dev.successscore.runtime.feed.FeedFixture.Producer;
import dev.successscore.runtime.json.Json;
import dev.successscore.runtime.signal.MeasurementRecordedEvent;
import io.grpc.ManagedChannel;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a committed event takes to reach a consumer over an in-process feed (not a test: run it by
 * hand). Two figures, each over {@value #SAMPLES} events published one at a time:
 * <ol>
 *   <li>commit in the producer to {@code nextAvailable()} of a {@link FeedMessageSource} stream;</li>
 *   <li>commit in the producer to the row committed by the consumer's pooled streaming processor (observed by
 *       polling the consumer's table every 0.2 ms, which adds a little).</li>
 * </ol>
 * <pre>
 * mvn -q -pl runtime exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.successscore.runtime.feed.FeedLatencyMeasurement
 * </pre>
 */
public final class FeedLatencyMeasurement {

    private static final int WARM_UP = 50;
    private static final int SAMPLES = 300;

    private FeedLatencyMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        try (Producer producer = new Producer()) {
            measureStream(producer);
            measureProcessor(producer);
        }
        System.exit(0);
    }

    private static void measureStream(Producer producer) throws Exception {
        ManagedChannel channel = producer.newChannel();
        FeedMessageSource source = new FeedMessageSource("producer", channel,
                JacksonSerializer.builder().objectMapper(Json.mapper().copy()).build(), null,
                FeedClientSettings.defaults());
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(producer.configuration.eventStore()
                .createHeadToken())) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                MeasurementRecordedEvent event = FeedFixture.measurement("stream", i);
                long started = System.nanoTime();
                producer.publish(event);   // returns once committed
                TrackedEventMessage<?> received = stream.nextAvailable();
                long elapsed = System.nanoTime() - started;
                if (!((MeasurementRecordedEvent) received.getPayload()).measurementId().equals(event.measurementId())) {
                    throw new IllegalStateException("unexpected event " + received.getPayload());
                }
                if (i >= WARM_UP) {
                    micros.add(TimeUnit.NANOSECONDS.toMicros(elapsed));
                }
            }
            report("publish+commit -> FeedMessageSource stream", micros);
        } finally {
            source.close();
            channel.shutdownNow();
        }
    }

    private static void measureProcessor(Producer producer) throws Exception {
        try (Consumer consumer = new Consumer(producer)) {
            int base = producer.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Integer.class);
            while (consumer.applied() < base) {
                Thread.sleep(10);
            }
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                MeasurementRecordedEvent event = FeedFixture.measurement("processor", i);
                long started = System.nanoTime();
                producer.publish(event);
                while (!consumer.hasApplied(event.measurementId())) {
                    Thread.onSpinWait();
                    TimeUnit.MICROSECONDS.sleep(200);
                }
                if (i >= WARM_UP) {
                    micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
                }
            }
            report("publish+commit -> applied and committed by the consumer's processor", micros);
        }
    }

    private static void report(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("%s over %d events: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                sorted.size(), at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(quantile * (sorted.size() - 1)))) / 1000.0;
    }
}
