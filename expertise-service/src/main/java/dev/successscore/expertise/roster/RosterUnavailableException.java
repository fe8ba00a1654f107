package dev.successscore.expertise.roster;

/** usage-service could not say who the tenant's users are just now. */
public final class RosterUnavailableException extends RuntimeException {

    public RosterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
