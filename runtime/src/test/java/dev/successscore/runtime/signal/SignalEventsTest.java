package dev.successscore.runtime.signal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.successscore.runtime.json.Json;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignalEventsTest {

    private final Serializer serializer = JacksonSerializer.builder().objectMapper(Json.mapper().copy()).build();

    @Test
    void aMeasurementRoundTripsThroughTheEventSerializerAtRevisionOne() throws Exception {
        MeasurementRecordedEvent event = new MeasurementRecordedEvent("m-1", "acme",
                SignalCategory.CUSTOMER_EXPERTISE, Instant.parse("2025-03-01T10:15:30Z"),
                List.of(new SignalValue("certifications", SignalKind.RATIO, 60, new BigDecimal("3"),
                                new BigDecimal("5.0"), null, "3 of 5 admins certified"),
                        new SignalValue("course_growth", SignalKind.GROWTH, null, BigDecimal.ONE, null, null, null)),
                null, "expertise-service");

        SerializedObject<byte[]> serialized = serializer.serialize(event, byte[].class);

        assertThat(serialized.getType().getName()).isEqualTo(MeasurementRecordedEvent.class.getName());
        assertThat(serialized.getType().getRevision()).isEqualTo("1");
        JsonNode json = Json.mapper().readTree(serialized.getData());
        assertThat(json.get("measuredAt").asText()).isEqualTo("2025-03-01T10:15:30Z");
        assertThat(json.get("signals").get(1).get("score").isNull()).isTrue();
        assertThat(json.get("signals").get(0).get("denominator").toString()).isEqualTo("5.0");
        MeasurementRecordedEvent read = serializer.deserialize(serialized);
        assertThat(read).isEqualTo(event);
        assertThat(read.signals().get(1).score()).isNull();
        assertThat(read.adoptionLevel()).isNull();
    }

    @Test
    void anEngagementChangeRoundTripsAtRevisionOne() {
        EngagementChangedEvent event = new EngagementChangedEvent("e-1", "acme", true,
                Instant.parse("2025-03-01T10:15:30Z"), new BigDecimal("4.25"), new BigDecimal("12"), "usage-service");

        SerializedObject<byte[]> serialized = serializer.serialize(event, byte[].class);

        assertThat(serialized.getType().getRevision()).isEqualTo("1");
        assertThat((EngagementChangedEvent) serializer.deserialize(serialized)).isEqualTo(event);
    }

    @Test
    void anAbsentSignalListReadsAsEmptyAndTheListIsImmutable() {
        MeasurementRecordedEvent event = new MeasurementRecordedEvent("m-2", "acme", SignalCategory.TECHNICAL_HEALTH,
                Instant.EPOCH, null, null, "health-service");

        assertThat(event.signals()).isEmpty();
        assertThat(new MeasurementRecordedEvent("m-3", "acme", SignalCategory.PRODUCT_ADOPTION, Instant.EPOCH,
                new java.util.ArrayList<>(List.of(new SignalValue("k", SignalKind.INDICATOR, 50, null, null, null,
                        null))), SignalAdoptionLevel.BASIC_ADOPTION, "usage-service").signals())
                .isUnmodifiable();
    }
}
