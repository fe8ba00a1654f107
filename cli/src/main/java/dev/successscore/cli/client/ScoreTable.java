package dev.successscore.cli.client;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import successscore.score.v1.AppliedCategoryWeight;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreState;
import successscore.signal.v1.Category;

/**
 * Prints score-service's scores as a table for people: tenant, composite, band, the three category scores, the
 * weight table used, the adoption level (numbered as the levels of adoption are told: 1 usage, 2 basic adoption,
 * 3 deep adoption) and the latest open alert. A category that is not available shows {@code n/a}; an overridden
 * composite is marked {@code *}.
 *
 * <pre>
 * TENANT           SCORE  BAND             ADOPTION  EXPERTISE  HEALTH  WEIGHTS   LEVEL    LATEST ALERT
 * deep-adopter-01   94.5  HEALTHY              95.8       85.3    98.8  50/20/30  3 DEEP   -
 * no-monitoring-02  53.1  NEEDS_ATTENTION      58.4       40.9     n/a  70/30     2 BASIC  -
 * </pre>
 */
public final class ScoreTable {

    private static final List<String> HEADER = List.of("TENANT", "SCORE", "BAND", "ADOPTION", "EXPERTISE", "HEALTH",
            "WEIGHTS", "LEVEL", "LATEST ALERT");
    /** Columns aligned right (numbers). */
    private static final boolean[] RIGHT = {false, true, false, true, true, true, false, false, false};

    private ScoreTable() {
    }

    public static void print(PrintWriter out, List<Score> scores) {
        lines(scores).forEach(out::println);
        out.flush();
    }

    /** The table's lines, header first. */
    public static List<String> lines(List<Score> scores) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        scores.forEach(s -> rows.add(row(s)));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean last = i == row.size() - 1;
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(RIGHT[i] && r > 0 ? pad + cell : last ? cell : cell + pad);
                if (!last) {
                    line.append("  ");
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static List<String> row(Score score) {
        boolean scored = score.getState() == ScoreState.SCORE_STATE_SCORED;
        String composite = scored ? score.getComposite() + (score.hasOverride() ? "*" : "") : "-";
        String band = scored ? ScoreText.constant(score.getBand(), "BAND_")
                : ScoreText.constant(score.getState(), "SCORE_STATE_");
        List<CategoryScore> categories = score.getCategoriesList();
        return List.of(score.getTenantId(), composite, band,
                ScoreText.categoryScore(ScoreText.category(categories, Category.CATEGORY_PRODUCT_ADOPTION)),
                ScoreText.categoryScore(ScoreText.category(categories, Category.CATEGORY_CUSTOMER_EXPERTISE)),
                ScoreText.categoryScore(ScoreText.category(categories, Category.CATEGORY_TECHNICAL_HEALTH)),
                weights(score), ScoreText.adoptionLevel(categories), ScoreText.latestAlert(score));
    }

    /** The effective weights in category order, e.g. {@code 50/20/30} or {@code 70/30}. */
    private static String weights(Score score) {
        List<String> weights = score.getWeightTable().getWeightsList().stream()
                .sorted(Comparator.comparingInt(w -> w.getCategory().getNumber()))
                .map(AppliedCategoryWeight::getWeight)
                .map(w -> new BigDecimal(w).stripTrailingZeros().toPlainString())
                .toList();
        return weights.isEmpty() ? "-" : String.join("/", weights);
    }
}
