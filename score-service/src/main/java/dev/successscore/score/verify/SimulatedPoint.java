package dev.successscore.score.verify;

import dev.successscore.score.api.Band;
import dev.successscore.score.api.CauseType;
import dev.successscore.score.api.ScoreState;
import java.math.BigDecimal;
import java.time.Instant;

/** A recorded change beside its re-scored twin under a proposed policy. */
public record SimulatedPoint(
        long position,
        Instant changeTime,
        CauseType causeType,
        ScoreState recordedState,
        BigDecimal recordedComposite,
        Band recordedBand,
        ScoreState simulatedState,
        BigDecimal simulatedComposite,
        Band simulatedBand) {
}
