package dev.successscore.runtime.logging;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} value: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}.
 *
 * <p>{@link #parse} accepts what the recommendation says a receiver must accept (a later version may append
 * fields) and refuses the invalid values (version {@code ff}, an all-zero trace or parent id, upper case).
 *
 * @param traceId  32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero: the span of the caller
 * @param flags    2 lower-case hex digits ({@code 01}: sampled)
 */
public record TraceParent(String traceId, String parentId, String flags) {

    /** The header's name, in gRPC metadata as in HTTP. */
    public static final String HEADER = "traceparent";
    /** The flags this suite sends: sampled. */
    public static final String SAMPLED = "01";

    private static final Pattern FORMAT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceParent {
        if (!isTraceId(traceId) || !isSpanId(parentId) || flags == null || !flags.matches("[0-9a-f]{2}")) {
            throw new IllegalArgumentException("not a valid traceparent: " + traceId + "/" + parentId + "/" + flags);
        }
    }

    /** The value carried by an incoming header, empty when it is missing or invalid. */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(header.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String version = matcher.group(1);
        if (version.equals("ff") || (version.equals("00") && matcher.group(5) != null)) {
            return Optional.empty();
        }
        String traceId = matcher.group(2);
        String parentId = matcher.group(3);
        if (traceId.equals(ZERO_TRACE) || parentId.equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(traceId, parentId, matcher.group(4)));
    }

    /** The header value ({@code version 00}). */
    public String header() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }

    /** A new random trace id. */
    public static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return hex(high) + hex(low);
    }

    /** A new random span id. */
    public static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return hex(id);
    }

    static boolean isTraceId(String id) {
        return id != null && id.matches("[0-9a-f]{32}") && !id.equals(ZERO_TRACE);
    }

    static boolean isSpanId(String id) {
        return id != null && id.matches("[0-9a-f]{16}") && !id.equals(ZERO_SPAN);
    }

    private static String hex(long value) {
        return String.format(Locale.ROOT, "%016x", value);
    }
}
