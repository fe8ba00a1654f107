package dev.successscore.runtime.validation;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.Violation;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Message;
import dev.successscore.runtime.grpc.FieldViolation;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The field rules the suite's proto contracts declare ({@code buf.validate} options and the suite's own
 * {@code successscore.rules.v1} rules), checked on one message.
 *
 * <p>The rules of a message type are compiled the first time a message of that type is checked and kept for the
 * life of the process; {@link #contracts()} is the one instance every server shares, so that each type is compiled
 * once.
 *
 * <pre>{@code
 * List<FieldViolation> violations = RequestRules.contracts().violations(request);
 * // [tenant_id: must not be empty]
 * }</pre>
 */
public final class RequestRules {

    private static final RequestRules CONTRACTS = new RequestRules(ValidatorFactory.newBuilder().build());

    private final Validator validator;

    private RequestRules(Validator validator) {
        this.validator = validator;
    }

    /** The rules of the suite's contracts, shared by every server of the process. */
    public static RequestRules contracts() {
        return CONTRACTS;
    }

    /**
     * Compiles the rules of every request message type {@code service} takes, so that the first call of each
     * method pays no compilation (CEL set-up and the first types take a few hundred milliseconds).
     *
     * @throws IllegalStateException when declared rules cannot be compiled
     */
    public void prepare(ServerServiceDefinition service) {
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            if (method.getMethodDescriptor().getRequestMarshaller()
                    instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
                    && marshaller.getMessagePrototype() instanceof Message prototype) {
                violations(prototype);
            }
        }
    }

    /**
     * The fields of {@code message} that break their rules, in the order of the message's fields, each with the
     * first of its rules it breaks (as a person would fix them: one thing at a time); empty when the message is valid
     * (or declares no rules).
     *
     * @throws IllegalStateException when the declared rules cannot be compiled or evaluated (a fault of the
     *                               contract, not of the message)
     */
    public List<FieldViolation> violations(Message message) {
        ValidationResult result;
        try {
            result = validator.validate(message);
        } catch (ValidationException e) {
            throw new IllegalStateException("The field rules of " + message.getDescriptorForType().getFullName()
                    + " cannot be checked: " + e.getMessage(), e);
        }
        if (result.isSuccess()) {
            return List.of();
        }
        Map<String, FieldViolation> firstPerField = new LinkedHashMap<>();
        for (Violation violation : result.getViolations()) {
            build.buf.validate.Violation found = violation.toProto();
            String field = path(found.getField());
            firstPerField.putIfAbsent(field, new FieldViolation(field, found.getMessage()));
        }
        return List.copyOf(firstPerField.values());
    }

    /** A field path in the suite's notation: proto field names, {@code .} between them, {@code [i]} subscripts. */
    static String path(FieldPath path) {
        StringBuilder text = new StringBuilder();
        for (FieldPathElement element : path.getElementsList()) {
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(element.getFieldName());
            switch (element.getSubscriptCase()) {
                case INDEX -> text.append('[').append(element.getIndex()).append(']');
                case BOOL_KEY -> text.append('[').append(element.getBoolKey()).append(']');
                case INT_KEY -> text.append('[').append(element.getIntKey()).append(']');
                case UINT_KEY -> text.append('[').append(Long.toUnsignedString(element.getUintKey())).append(']');
                case STRING_KEY -> text.append("[\"").append(element.getStringKey().replace("\\", "\\\\")
                        .replace("\"", "\\\"")).append("\"]");
                case SUBSCRIPT_NOT_SET -> {
                }
            }
        }
        return text.toString();
    }
}
