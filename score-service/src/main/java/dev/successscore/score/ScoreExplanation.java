package dev.successscore.score;

import dev.successscore.score.api.CategoryResult;
import dev.successscore.score.api.ScoreChange;
import dev.successscore.score.api.SignalResult;
import dev.successscore.score.api.WeightShare;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A change explained in lines a person can check by hand, as in spec section 7. */
public final class ScoreExplanation {

    private ScoreExplanation() {
    }

    public static List<String> lines(ScoreChange c) {
        List<String> lines = new ArrayList<>();
        lines.add("change " + c.position() + " at " + c.changeTime() + ", caused by " + c.cause().type()
                + " from " + c.cause().sourceService() + " (" + c.cause().sourceEventId() + ")"
                + (c.cause().reason() == null ? "" : ": " + c.cause().reason()));
        lines.add("policy v" + c.policyVersion() + "; " + c.weightTable().reason());
        for (CategoryResult cat : c.categories()) {
            if (!cat.available()) {
                lines.add(cat.category() + " not available: " + cat.unavailableReason());
                continue;
            }
            List<SignalResult> counted = cat.signals().stream()
                    .filter(s -> s.score() != null && s.effectiveWeight().signum() > 0).toList();
            String terms = counted.stream().map(s -> s.weight().toPlainString() + "·" + s.score())
                    .collect(Collectors.joining(" + "));
            String weights = counted.stream().map(s -> s.weight().toPlainString())
                    .collect(Collectors.joining(" + "));
            lines.add(cat.category() + " = (" + terms + ") / (" + weights + ") = " + cat.score()
                    + " (half-even, one decimal)");
        }
        if (c.computedComposite() == null) {
            lines.add("no composite: " + c.insufficientDataReason());
        } else {
            String terms = c.weightTable().weights().stream().map(w -> share(w, c))
                    .collect(Collectors.joining(" + "));
            lines.add("composite = " + terms + " = " + c.computedComposite());
        }
        if (c.override() != null) {
            lines.add("override " + c.override().value() + " by " + c.override().author() + " until "
                    + c.override().expiresAt() + ": " + c.override().reason());
        }
        lines.add("in force: " + (c.composite() == null ? "none" : c.composite()) + ", band "
                + (c.band() == null ? "none" : c.band()));
        return lines;
    }

    private static String share(WeightShare w, ScoreChange c) {
        return w.weight().stripTrailingZeros().toPlainString() + "%·" + c.category(w.category()).score();
    }
}
