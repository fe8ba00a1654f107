package dev.successscore.runtime.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    record Measurement(String tenantId, Instant at, LocalDate day, Duration window, BigDecimal value) {
    }

    record Unordered(String zeta, Map<String, Integer> mid, String alpha, String absent) {
    }

    /** A class with both constructor-bound and setter-bound properties. */
    static final class Mixed {
        private final String zulu;
        private final String bravo;
        private String alpha;

        @com.fasterxml.jackson.annotation.JsonCreator
        Mixed(@com.fasterxml.jackson.annotation.JsonProperty("zulu") String zulu,
              @com.fasterxml.jackson.annotation.JsonProperty("bravo") String bravo) {
            this.zulu = zulu;
            this.bravo = bravo;
        }

        public String getZulu() {
            return zulu;
        }

        public String getBravo() {
            return bravo;
        }

        public String getAlpha() {
            return alpha;
        }

        public void setAlpha(String alpha) {
            this.alpha = alpha;
        }
    }

    @Test
    void writesDatesAsIsoStringsAndDecimalsPlain() throws Exception {
        Measurement measurement = new Measurement("t1", Instant.parse("2025-01-31T10:15:30Z"),
                LocalDate.of(2025, 1, 31), Duration.ofMinutes(5), new BigDecimal("1E+3"));

        String json = Json.mapper().writeValueAsString(measurement);

        assertThat(json).isEqualTo("{\"tenantId\":\"t1\",\"at\":\"2025-01-31T10:15:30Z\",\"day\":\"2025-01-31\","
                + "\"window\":\"PT5M\",\"value\":1000}");
    }

    @Test
    void roundTripsRecordsAndIgnoresUnknownProperties() throws Exception {
        String json = "{\"tenantId\":\"t1\",\"at\":\"2025-01-31T10:15:30Z\",\"day\":\"2025-01-31\","
                + "\"window\":\"PT5M\",\"value\":12.50,\"addedInAFutureVersion\":true}";

        Measurement read = Json.mapper().readValue(json, Measurement.class);

        assertThat(read).isEqualTo(new Measurement("t1", Instant.parse("2025-01-31T10:15:30Z"),
                LocalDate.of(2025, 1, 31), Duration.ofMinutes(5), new BigDecimal("12.50")));
    }

    @Test
    void newMapperIsIndependentOfTheSharedOne() {
        ObjectMapper mapper = Json.newMapper();

        assertThat(mapper).isNotSameAs(Json.mapper()).isNotSameAs(Json.newMapper());
    }

    @Test
    void canonicalJsonSortsPropertiesAndMapKeysAndDropsNulls() throws Exception {
        Map<String, Integer> mid = new LinkedHashMap<>();
        mid.put("b", 2);
        mid.put("a", 1);

        String json = Json.canonical().writeValueAsString(new Unordered("z", mid, "a", null));

        assertThat(json).isEqualTo("{\"alpha\":\"a\",\"mid\":{\"a\":1,\"b\":2},\"zeta\":\"z\"}");
    }

    @Test
    void canonicalJsonSortsConstructorAndSetterPropertiesTogether() throws Exception {
        Mixed mixed = new Mixed("z", "b");
        mixed.setAlpha("a");

        assertThat(Json.canonical().writeValueAsString(mixed))
                .isEqualTo("{\"alpha\":\"a\",\"bravo\":\"b\",\"zulu\":\"z\"}");
    }

    @Test
    void canonicalBytesAreEqualForEqualValuesBuiltInDifferentOrder() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("weights", List.of(new BigDecimal("0.25"), new BigDecimal("7.5E+1")));
        first.put("at", Instant.parse("2025-01-31T10:15:30Z"));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("at", Instant.parse("2025-01-31T10:15:30Z"));
        second.put("weights", List.of(new BigDecimal("0.25"), new BigDecimal("75")));

        assertThat(Json.canonicalBytes(first)).isEqualTo(Json.canonicalBytes(second));
        assertThat(new String(Json.canonicalBytes(first), StandardCharsets.UTF_8))
                .isEqualTo("{\"at\":\"2025-01-31T10:15:30Z\",\"weights\":[0.25,75]}");
    }
}
