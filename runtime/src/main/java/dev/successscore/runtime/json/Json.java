package dev.successscore.runtime.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import java.io.UncheckedIOException;

/**
 * The suite's Jackson configuration, used for events, snapshots, tokens and any JSON a service writes.
 *
 * <ul>
 *   <li>{@code java.time} types as ISO-8601 strings ({@code "2025-01-31T10:15:30Z"}, {@code "PT5S"}), never
 *       numeric timestamps;</li>
 *   <li>{@link java.math.BigDecimal} written plain ({@code 100}, not {@code 1E+2});</li>
 *   <li>unknown properties ignored when reading, so old readers accept newer events;</li>
 *   <li>Java records read and written through their components;</li>
 *   <li>types without properties (marker events) written as {@code {}}.</li>
 * </ul>
 *
 * <p>{@link #mapper()} and {@link #canonical()} return shared instances: use them as they are; to customise,
 * start from {@link #newMapper()} instead.
 */
public final class Json {

    private static final ObjectMapper SHARED = newMapper();
    private static final ObjectMapper CANONICAL = newCanonicalMapper();

    private Json() {
    }

    /** A new mapper with the suite's configuration, free to customise. */
    public static ObjectMapper newMapper() {
        return baseBuilder().build();
    }

    /** The shared mapper with the suite's configuration. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return SHARED;
    }

    /**
     * The shared mapper that writes canonical JSON, the input of content hashes: object properties and map
     * entries sorted by name, no whitespace, {@code null} properties left out, numbers as written by
     * {@link #newMapper()}. Equal values therefore always give the same bytes, whatever the declaration order of
     * fields or record components. Do not reconfigure it.
     */
    public static ObjectMapper canonical() {
        return CANONICAL;
    }

    /** {@code value} as canonical JSON bytes (UTF-8), see {@link #canonical()}. */
    public static byte[] canonicalBytes(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static ObjectMapper newCanonicalMapper() {
        return baseBuilder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .disable(MapperFeature.SORT_CREATOR_PROPERTIES_BY_DECLARATION_ORDER)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
                .build();
    }

    private static JsonMapper.Builder baseBuilder() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                // generated accessors instead of reflection: the same JSON, less CPU per event
                .addModule(new BlackbirdModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
