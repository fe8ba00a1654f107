package dev.successscore.runtime.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;

/**
 * The tenant a request message names: its string field {@value #FIELD}, read through the message's protobuf
 * descriptor, so any request with that field carries it whatever its type. What the logging context and the
 * per-tenant limits read.
 */
public final class RequestTenants {

    /** The field naming the tenant. */
    public static final String FIELD = "tenant_id";
    /** Longer values are cut: neither a log field nor a limiter's key is a place for a client's megabyte. */
    public static final int MAX_LENGTH = 128;

    private RequestTenants() {
    }

    /**
     * The string field {@value #FIELD} of a protobuf message (cut to {@value #MAX_LENGTH} characters), or
     * {@code null} when it is no protobuf message, has no such field or the field is empty.
     */
    public static String tenantIdOf(Object message) {
        if (!(message instanceof MessageOrBuilder proto)) {
            return null;
        }
        FieldDescriptor field = proto.getDescriptorForType().findFieldByName(FIELD);
        if (field == null || field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.STRING) {
            return null;
        }
        String value = (String) proto.getField(field);
        if (value.isEmpty()) {
            return null;
        }
        return value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
    }
}
