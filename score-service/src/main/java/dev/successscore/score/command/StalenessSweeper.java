package dev.successscore.score.command;

import dev.successscore.score.api.ExpireStaleDataCommand;
import dev.successscore.score.query.ScoreReadModel;
import java.time.Clock;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the expiries that fall due while no new cause arrives for a tenant: it asks each tenant
 * whose next expiry has passed to record the expiries due now. The time is an argument of the
 * command, so the recorded change does not depend on when the sweep ran.
 */
public final class StalenessSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StalenessSweeper.class);
    private static final int BATCH = 500;

    private final CommandGateway commands;
    private final ScoreReadModel readModel;
    private final Clock clock;

    public StalenessSweeper(CommandGateway commands, ScoreReadModel readModel, Clock clock) {
        this.commands = commands;
        this.readModel = readModel;
        this.clock = clock;
    }

    /** Sweeps once; answers how many tenants were asked. */
    public int sweep() {
        Instant now = clock.instant();
        int asked = 0;
        for (String tenantId : readModel.tenantsWithExpiryDue(now, BATCH)) {
            try {
                commands.sendAndWait(new ExpireStaleDataCommand(tenantId, now));
                asked++;
            } catch (RuntimeException e) {
                LOG.warn("expiry of tenant {} failed; the next sweep retries it", tenantId, e);
            }
        }
        return asked;
    }
}
