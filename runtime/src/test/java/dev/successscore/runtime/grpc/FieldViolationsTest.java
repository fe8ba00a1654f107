package dev.successscore.runtime.grpc;

import dev.successscore.runtime.validation.Ids;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FieldViolationsTest {

    @Test
    void collectsEveryViolationBeforeThrowing() {
        FieldViolations violations = new FieldViolations()
                .check(() -> Ids.requireValid("tenant_id", ""))
                .check(() -> Ids.requireValid("request_id", "ok-1"))
                .add("policy.weight_tables[0]", "weights must sum to 100");

        InvalidArgumentException e = catchThrowableOfType(InvalidArgumentException.class, violations::throwIfAny);

        assertThat(e.violations()).extracting(FieldViolation::field)
                .containsExactly("tenant_id", "policy.weight_tables[0]");
    }

    @Test
    void throwsNothingWithoutViolations() {
        FieldViolations violations = new FieldViolations().check(() -> Ids.requireValid("tenant_id", "t1"));

        assertThat(violations.isEmpty()).isTrue();
        assertThatCode(violations::throwIfAny).doesNotThrowAnyException();
    }
}
