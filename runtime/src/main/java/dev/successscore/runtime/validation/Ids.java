package dev.successscore.runtime.validation;

import dev.successscore.runtime.grpc.InvalidArgumentException;

import java.util.Optional;

/**
 * The one rule for identifiers across the suite (tenant ids, measurement ids, request ids, ...): 1 to
 * {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ : -}, starting with a letter or a digit.
 *
 * <p>Such ids are safe in URLs, log lines, file names and PostgreSQL text keys without escaping.
 *
 * <p>Request fields declare the same rule in their contracts ({@code (successscore.rules.v1.id)}, checked by
 * {@link RequestValidationInterceptor} before a service sees the request); this class checks the ids of the records
 * of a batch, which are rejected one by one, and the ids services receive otherwise. {@code SuiteRulesTest} keeps
 * the two saying the same.
 */
public final class Ids {

    /** Maximum length of an id. */
    public static final int MAX_LENGTH = 64;

    static final String EMPTY = "must not be empty";
    static final String TOO_LONG = "at most " + MAX_LENGTH + " characters";
    static final String BAD_START = "must start with a letter or digit";
    static final String BAD_CHARACTER = "only letters, digits and . _ : -";

    private Ids() {
    }

    /**
     * Returns {@code value} if it is a valid id.
     *
     * @param fieldName the request field holding the id, named in the error (e.g. {@code tenant_id})
     * @throws InvalidArgumentException naming {@code fieldName} when the id is invalid
     */
    public static String requireValid(String fieldName, String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw InvalidArgumentException.field(fieldName, problem.get());
        }
        return value;
    }

    /** Whether {@code value} is a valid id. */
    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }

    /** What is wrong with {@code value}, or empty if it is a valid id. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(EMPTY);
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(TOO_LONG);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isAsciiLetterOrDigit(c)) {
                continue;
            }
            if (c == '.' || c == '_' || c == ':' || c == '-') {
                if (i == 0) {
                    return Optional.of(BAD_START);
                }
                continue;
            }
            return Optional.of(BAD_CHARACTER);
        }
        return Optional.empty();
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
