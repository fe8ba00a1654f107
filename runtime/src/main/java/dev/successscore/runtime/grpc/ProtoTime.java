package dev.successscore.runtime.grpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;

/** Conversions between {@code google.protobuf.Timestamp} and {@link Instant}, with request validation. */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** {@code null} becomes the unset (default) timestamp. */
    public static Timestamp timestampOrUnset(Instant instant) {
        return instant == null ? Timestamp.getDefaultInstance() : timestamp(instant);
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /**
     * The instant of a request field at PostgreSQL's precision (microseconds), so that a resent record compares
     * equal to the stored one.
     *
     * @throws InvalidArgumentException naming {@code field} when the timestamp is out of protobuf's range
     */
    public static Instant checkedMicros(String field, Timestamp timestamp) {
        return checked(field, timestamp).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * The instant of a request field.
     *
     * @throws InvalidArgumentException naming {@code field} when the timestamp is out of protobuf's range
     */
    public static Instant checked(String field, Timestamp timestamp) {
        if (!Timestamps.isValid(timestamp)) {
            throw InvalidArgumentException.field(field, "is not a valid timestamp");
        }
        return instant(timestamp);
    }
}
