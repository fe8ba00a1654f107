package dev.successscore.score.verify;

import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.policy.ScoringPolicy;
import dev.successscore.score.scoring.ChangeFactory;
import dev.successscore.score.scoring.TenantScoreState;
import java.util.ArrayList;
import java.util.List;

/**
 * What-if: re-scores a tenant's recorded causes, in their recorded order, under a proposed
 * policy, and returns both series. Nothing is recorded. Expiries replay as they were recorded.
 */
public final class PolicySimulator {

    private final RecordedHistory history;

    public PolicySimulator(RecordedHistory history) {
        this.history = history;
    }

    public List<SimulatedPoint> simulate(String tenantId, ScoringPolicy proposal) {
        TenantScoreState simulated = new TenantScoreState();
        List<SimulatedPoint> points = new ArrayList<>();
        history.forEach(tenantId, entry -> {
            if (entry.event() == null) {
                throw new IllegalStateException("change at sequence " + entry.sequenceNumber()
                        + " cannot be read: " + entry.unreadable());
            }
            ScoreChange recorded = entry.event().change();
            ScoreChange twin = ChangeFactory.next(simulated, tenantId, recorded.cause(), proposal);
            simulated.apply(twin, "");
            points.add(new SimulatedPoint(recorded.position(), recorded.changeTime(), recorded.cause().type(),
                    recorded.state(), recorded.composite(), recorded.band(),
                    twin.state(), twin.composite(), twin.band()));
        });
        return points;
    }
}
