package dev.successscore.deploy;

/** One broken rule: which object (kind/name), which rule, and what is wrong. */
public record Violation(String object, String rule, String detail) {

    @Override
    public String toString() {
        return object + " breaks " + rule + ": " + detail;
    }
}
