package dev.successscore.runtime.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;

/**
 * Protobuf messages filled field by field from a fuzzer's input: each field set or left out, strings from a few
 * plausible and hostile values or from the input, numbers anywhere in their range, enum numbers known and unknown,
 * nested messages a few levels deep, repeated fields with a few elements.
 */
public final class FuzzedMessages {

    private static final int MAX_DEPTH = 4;
    private static final int MAX_REPEATED = 4;
    private static final List<String> STRINGS = List.of("", "acme", "tenant-001", "user-01", "reports", "dept-1",
            " ", "a".repeat(300), "../../etc", "ü\u0000\uFFFF", "*", "$scoring-policy", "1e309", "-1");

    private FuzzedMessages() {
    }

    /** {@code builder} filled from {@code data}. */
    public static Message build(Message.Builder builder, FuzzedDataProvider data) {
        fill(builder, data, 0);
        return builder.build();
    }

    private static void fill(Message.Builder builder, FuzzedDataProvider data, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (data.remainingBytes() == 0 || !data.consumeBoolean()) {
                continue;
            }
            if (field.isRepeated()) {
                int count = data.consumeInt(0, MAX_REPEATED);
                for (int i = 0; i < count; i++) {
                    Object value = value(builder, field, data, depth);
                    if (value != null) {
                        builder.addRepeatedField(field, value);
                    }
                }
            } else {
                Object value = value(builder, field, data, depth);
                if (value != null) {
                    builder.setField(field, value);
                }
            }
        }
    }

    private static Object value(Message.Builder parent, FieldDescriptor field, FuzzedDataProvider data, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> data.consumeBoolean() ? data.pickValue(STRINGS) : data.consumeString(64);
            case INT -> data.consumeInt();
            case LONG -> data.consumeLong();
            case BOOLEAN -> data.consumeBoolean();
            case FLOAT -> data.consumeFloat();
            case DOUBLE -> data.consumeDouble();
            case BYTE_STRING -> ByteString.copyFrom(data.consumeBytes(64));
            case ENUM -> enumValue(field.getEnumType(), data);
            case MESSAGE -> {
                if (depth >= MAX_DEPTH) {
                    yield null;
                }
                Message.Builder child = parent.newBuilderForField(field);
                fill(child, data, depth + 1);
                yield child.build();
            }
        };
    }

    private static Object enumValue(EnumDescriptor type, FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.pickValue(type.getValues());
        }
        return type.findValueByNumberCreatingIfUnknown(data.consumeInt());
    }
}
