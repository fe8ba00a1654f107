package dev.successscore.runtime.security;

import io.grpc.Status;

/**
 * A bearer token that does not authenticate its caller, and why. The {@linkplain Reason#description() description}
 * is what the caller is told: it names the check that failed and never repeats the token.
 */
public final class TokenRejectedException extends Exception {

    /** Why a token was refused. */
    public enum Reason {
        MISSING("missing bearer token"),
        NOT_BEARER("the authorization header is not a bearer token"),
        MALFORMED("malformed token"),
        UNSUPPORTED_ALGORITHM("unsupported algorithm"),
        UNKNOWN_KEY("unknown key"),
        BAD_SIGNATURE("bad signature"),
        INCOMPLETE("token lacks a required claim"),
        EXPIRED("token expired"),
        NOT_YET_VALID("token not yet valid"),
        WRONG_ISSUER("wrong issuer"),
        WRONG_AUDIENCE("wrong audience"),
        KEYS_UNAVAILABLE("signing keys unavailable, try again later");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** What the caller is told. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    TokenRejectedException(Reason reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    TokenRejectedException(Reason reason, Throwable cause) {
        super(reason.description(), cause, false, false);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }

    /**
     * The status the call is closed with: {@code UNAUTHENTICATED}, or {@code UNAVAILABLE} when the keys to check
     * the token could not be fetched (the token may well be good; retrying later can succeed).
     */
    public Status toStatus() {
        Status status = reason == Reason.KEYS_UNAVAILABLE ? Status.UNAVAILABLE : Status.UNAUTHENTICATED;
        return status.withDescription(reason.description());
    }
}
