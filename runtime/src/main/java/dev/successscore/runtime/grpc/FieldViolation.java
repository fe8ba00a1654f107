package dev.successscore.runtime.grpc;

import java.util.Objects;

/**
 * One invalid field of a request.
 *
 * @param field       path of the field in the request, in proto field names, e.g. {@code policy.weight_tables[0]}
 * @param description why the value is invalid, e.g. {@code weights must sum to 100}
 */
public record FieldViolation(String field, String description) {

    /** Validates that both parts are present. */
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public String toString() {
        return field + ": " + description;
    }
}
