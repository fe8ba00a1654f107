package dev.successscore.runtime.axon;

import dev.successscore.runtime.db.LiveReplicas;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many segments of a streaming processor one replica may claim: its fair share, the processor's segments
 * divided by the {@linkplain LiveReplicas replicas connected} (rounded up). A pooled streaming processor asks on
 * every coordination round and releases segments beyond its share, which the other replicas then claim; when a
 * replica dies, the share of the others grows and they claim its segments once its claims time out.
 *
 * <p>While the processor has no segments yet, or the count cannot be read, the share is unlimited: one replica
 * alone processes everything, as without this rule.
 */
public final class FairShareOfSegments implements MaxSegmentProvider {

    private static final Logger LOG = LoggerFactory.getLogger(FairShareOfSegments.class);
    private static final int UNLIMITED = Short.MAX_VALUE;

    private final LiveReplicas replicas;
    private final JdbcTemplate jdbc;

    public FairShareOfSegments(LiveReplicas replicas, JdbcTemplate jdbc) {
        this.replicas = replicas;
        this.jdbc = jdbc;
    }

    @Override
    public int getMaxSegments(String processor) {
        try {
            Integer segments = jdbc.queryForObject(
                    "SELECT count(*)::int FROM tokenentry WHERE processorname = ?", Integer.class, processor);
            if (segments == null || segments == 0) {
                return UNLIMITED;
            }
            return share(segments, replicas.count());
        } catch (RuntimeException e) {
            LOG.debug("fair share of {} unknown, claiming without limit", processor, e);
            return UNLIMITED;
        }
    }

    /** {@code segments} divided by {@code replicas}, rounded up. */
    static int share(int segments, int replicas) {
        return (segments + replicas - 1) / Math.max(1, replicas);
    }
}
