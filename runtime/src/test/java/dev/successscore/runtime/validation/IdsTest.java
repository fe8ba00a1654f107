package dev.successscore.runtime.validation;

import dev.successscore.runtime.grpc.FieldViolation;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "tenant-1", "Acme.Corp_EU:prod-2", "0-._:"})
    void acceptsValidIds(String id) {
        assertThat(Ids.requireValid("tenant_id", id)).isEqualTo(id);
        assertThat(Ids.isValid(id)).isTrue();
    }

    @Test
    void acceptsExactlySixtyFourCharacters() {
        assertThat(Ids.isValid("a".repeat(64))).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsMissingIds(String id) {
        assertThat(violation("tenant_id", id)).isEqualTo(new FieldViolation("tenant_id", "must not be empty"));
    }

    @Test
    void rejectsSixtyFiveCharacters() {
        assertThat(violation("request_id", "a".repeat(65)))
                .isEqualTo(new FieldViolation("request_id", "at most 64 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-abc", ".abc", "_abc", ":abc"})
    void rejectsIdsStartingWithPunctuation(String id) {
        assertThat(violation("measurement_id", id))
                .isEqualTo(new FieldViolation("measurement_id", "must start with a letter or digit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "über", "a\nb", "a+b", "a@b", "a٣"})
    void rejectsOtherCharacters(String id) {
        assertThat(violation("tenant_id", id))
                .isEqualTo(new FieldViolation("tenant_id", "only letters, digits and . _ : -"));
    }

    private static FieldViolation violation(String field, String id) {
        InvalidArgumentException e = catchThrowableOfType(InvalidArgumentException.class,
                () -> Ids.requireValid(field, id));
        assertThat(e).as("expected %s to be rejected", id).isNotNull();
        assertThat(e.violations()).hasSize(1);
        return e.violations().get(0);
    }
}
