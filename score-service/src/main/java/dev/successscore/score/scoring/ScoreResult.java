package dev.successscore.score.scoring;

import dev.successscore.score.api.AppliedWeightTable;
import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.ScoreState;
import java.math.BigDecimal;
import java.util.List;

/** What the policy computes from a tenant's category inputs. */
public record ScoreResult(
        ScoreState state,
        String insufficientDataReason,
        BigDecimal computedComposite,
        AppliedWeightTable weightTable,
        List<CategoryResult> categories) {
}
