package dev.successscore.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.successscore.runtime.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The events the owning services publish on their feeds, read from fuzzed stored forms with the serializer every
 * service uses: either the event, or a SerializationException (which stops the consumer at that event); never
 * another failure, which would surface as an unexplained crash of a processor.
 */
class EventDeserializationFuzzTest {

    private static final List<Class<?>> EVENTS = List.of(MeasurementRecordedEvent.class,
            EngagementChangedEvent.class);
    private static final Serializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(Json.canonical().copy()).build();

    @Test
    void aStoredEventReadsBackAndGarbageIsRefusedCleanly() {
        EngagementChangedEvent event = new EngagementChangedEvent("e-1", "acme", true,
                Instant.parse("2025-03-01T10:15:30Z"), new BigDecimal("4.25"), new BigDecimal("12"), "usage-service");
        String stored = new String(SERIALIZER.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8);

        assertThat(read(EngagementChangedEvent.class, stored)).isTrue();
        assertThat(read(EngagementChangedEvent.class, stored.substring(0, stored.length() / 2))).isFalse();
        assertThat(read(MeasurementRecordedEvent.class, "[]")).isFalse();
    }

    @FuzzTest(maxDuration = "30s")
    void aStoredEventIsReadOrRefusedCleanly(FuzzedDataProvider data) {
        Class<?> type = data.pickValue(EVENTS);
        read(type, data.consumeRemainingAsString());
    }

    /** Whether the JSON reads as the event; a refusal other than SerializationException fails the test. */
    private static boolean read(Class<?> type, String json) {
        try {
            Object event = SERIALIZER.deserialize(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8),
                    byte[].class, type.getName(), "1"));
            return type.isInstance(event);
        } catch (SerializationException refused) {
            return false;
        }
    }
}
