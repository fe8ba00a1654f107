package dev.successscore.runtime.grpc;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the violations found while validating a request, so the client learns about all invalid fields at
 * once.
 *
 * <pre>{@code
 * FieldViolations violations = new FieldViolations();
 * if (request.getName().isBlank()) violations.add("name", "must not be empty");
 * violations.throwIfAny();
 * }</pre>
 */
public final class FieldViolations {

    private final List<FieldViolation> violations = new ArrayList<>();

    /** Records that {@code field} is invalid. */
    public FieldViolations add(String field, String description) {
        violations.add(new FieldViolation(field, description));
        return this;
    }

    /** Records the violations carried by {@code exception}. */
    public FieldViolations addAll(InvalidArgumentException exception) {
        violations.addAll(exception.violations());
        return this;
    }

    /** Runs {@code check} and records its violations instead of letting them propagate. */
    public FieldViolations check(Runnable check) {
        try {
            check.run();
        } catch (InvalidArgumentException e) {
            addAll(e);
        }
        return this;
    }

    /** Whether nothing has been recorded. */
    public boolean isEmpty() {
        return violations.isEmpty();
    }

    /** The violations recorded so far. */
    public List<FieldViolation> list() {
        return List.copyOf(violations);
    }

    /** Throws an {@link InvalidArgumentException} with every violation recorded, if there is any. */
    public void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidArgumentException(violations);
        }
    }
}
