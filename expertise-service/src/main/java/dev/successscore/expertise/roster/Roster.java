package dev.successscore.expertise.roster;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A tenant's registered users as expertise-service last received them from usage-service.
 *
 * @param fetchedAt when usage-service sent it
 * @param fromCache whether usage-service could not be reached and this is the last roster received
 */
public record Roster(Set<String> users, Instant fetchedAt, boolean fromCache) {

    public Roster {
        users = Set.copyOf(users);
    }

    public Duration ageAt(Instant at) {
        return fetchedAt.isAfter(at) ? Duration.ZERO : Duration.between(fetchedAt, at);
    }
}
