package dev.successscore.score.command;

import dev.successscore.score.api.ExpireStaleDataCommand;
import dev.successscore.score.query.ScoreReadModel;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
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
    private final BooleanSupplier feedsCatchingUp;

    /**
     * @param feedsCatchingUp true while a reachable upstream's feed is far behind: its backlog may
     *                        hold the measurements that keep a category fresh, so expiring by the
     *                        wall clock now would record a history that depends on the feed's speed
     */
    public StalenessSweeper(CommandGateway commands, ScoreReadModel readModel, Clock clock,
                            BooleanSupplier feedsCatchingUp) {
        this.commands = commands;
        this.readModel = readModel;
        this.clock = clock;
        this.feedsCatchingUp = feedsCatchingUp;
    }

    /** Sweeps once, unless a feed is catching up; answers how many tenants were asked. */
    public int sweep() {
        if (feedsCatchingUp.getAsBoolean()) {
            LOG.info("staleness sweep skipped: a feed is catching up");
            return 0;
        }
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
