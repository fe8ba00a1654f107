package dev.successscore.expertise.roster;

import java.util.Set;

/** Where rosters and tenants come from: usage-service, owner of the user directory. */
public interface RosterSource {

    /**
     * The tenant's registered, active users now.
     *
     * @throws RosterUnavailableException when the owner cannot be asked (unreachable, breaker open, deadline)
     */
    Set<String> roster(String tenantId);

    /**
     * Every tenant usage-service knows.
     *
     * @throws RosterUnavailableException when the owner cannot be asked
     */
    Set<String> tenantIds();
}
