package dev.successscore.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.Status;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The request has invalid fields: {@code INVALID_ARGUMENT} with a {@code google.rpc.BadRequest} listing each
 * field violation.
 *
 * <pre>{@code
 * throw InvalidArgumentException.field("policy.weight_tables[0]", "weights must sum to 100");
 * }</pre>
 */
public final class InvalidArgumentException extends DomainException {

    private final List<FieldViolation> violations;

    /** An exception for one or more field violations. */
    public InvalidArgumentException(List<FieldViolation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    /** An exception for a single invalid field. */
    public static InvalidArgumentException field(String field, String description) {
        return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
    }

    /** The invalid fields, at least one. */
    public List<FieldViolation> violations() {
        return violations;
    }

    @Override
    public Status toRpcStatus() {
        BadRequest.Builder badRequest = BadRequest.newBuilder();
        for (FieldViolation violation : violations) {
            badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField(violation.field())
                    .setDescription(violation.description()));
        }
        return Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(getMessage())
                .addDetails(Any.pack(badRequest.build()))
                .build();
    }

    private static String describe(List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("An invalid argument needs at least one field violation");
        }
        return violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; "));
    }
}
