package dev.successscore.cli.report;

import static dev.successscore.cli.report.ChartScale.format;

import dev.successscore.cli.client.ScoreText;
import dev.successscore.runtime.grpc.ProtoTime;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreState;
import successscore.signal.v1.Category;

/**
 * The inline SVG chart of a tenant's history: the band zones of the policy in force, the three categories as step
 * lines, and the composite as a step line with exactly one point per recorded change, each linking to the change.
 */
final class ScoreChart {

    /** The categories in the order the report shows them. */
    static final List<Category> CATEGORIES = List.of(Category.CATEGORY_PRODUCT_ADOPTION,
            Category.CATEGORY_CUSTOMER_EXPERTISE, Category.CATEGORY_TECHNICAL_HEALTH);

    private static final int POINT_RADIUS = 4;

    private ScoreChart() {
    }

    static String render(TenantHistory history) {
        List<ScoreChange> changes = history.changes();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"score-chart\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(ChartScale.WIDTH).append(' ').append(ChartScale.HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title\" data-change-count=\"")
                .append(changes.size()).append("\">");
        svg.append("<title id=\"chart-title\">Composite and category scores of tenant ")
                .append(Html.escape(history.tenantId())).append(" over time</title>");
        if (changes.isEmpty()) {
            svg.append("<text x=\"").append(ChartScale.WIDTH / 2).append("\" y=\"").append(ChartScale.HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">No recorded changes</text></svg>");
            return svg.toString();
        }
        Instant first = changes.stream().map(c -> ProtoTime.instant(c.getChangeTime())).min(Instant::compareTo)
                .orElseThrow();
        Instant last = changes.stream().map(c -> ProtoTime.instant(c.getChangeTime())).max(Instant::compareTo)
                .orElseThrow();
        ChartScale scale = new ChartScale(first, last);
        BandZones.render(svg, history, scale);
        ChartAxes.render(svg, scale);
        svg.append("<g class=\"series\">");
        for (Category category : CATEGORIES) {
            stepLine(svg, changes, scale, "series " + ReportText.categoryClass(category), category.name(),
                    change -> categoryScore(change, category));
        }
        stepLine(svg, changes, scale, "series series-composite", "COMPOSITE", ScoreChart::composite);
        svg.append("</g>");
        points(svg, changes, scale);
        svg.append("</svg>");
        return svg.toString();
    }

    /** The composite in force, or {@code null} when the change has none. */
    static BigDecimal composite(ScoreChange change) {
        return change.getState() == ScoreState.SCORE_STATE_SCORED ? decimal(change.getComposite()) : null;
    }

    private static BigDecimal categoryScore(ScoreChange change, Category category) {
        for (CategoryScore score : change.getCategoriesList()) {
            if (score.getCategory() == category) {
                return score.getAvailable() ? decimal(score.getScore()) : null;
            }
        }
        return null;
    }

    private static BigDecimal decimal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notADecimal) {
            return null;
        }
    }

    /** A score in force from its change until the next: horizontal runs, vertical steps, gaps where absent. */
    private static void stepLine(StringBuilder svg, List<ScoreChange> changes, ChartScale scale, String cssClass,
                                 String series, Function<ScoreChange, BigDecimal> value) {
        StringBuilder path = new StringBuilder();
        boolean drawing = false;
        for (int i = 0; i < changes.size(); i++) {
            BigDecimal score = value.apply(changes.get(i));
            if (score == null) {
                drawing = false;
                continue;
            }
            BigDecimal x = scale.x(ProtoTime.instant(changes.get(i).getChangeTime()));
            BigDecimal next = i + 1 < changes.size()
                    ? scale.x(ProtoTime.instant(changes.get(i + 1).getChangeTime())) : scale.x(scale.end());
            if (drawing) {
                path.append('V').append(format(scale.y(score)));
            } else {
                path.append('M').append(format(x)).append(' ').append(format(scale.y(score)));
            }
            path.append('H').append(format(next));
            drawing = true;
        }
        if (!path.isEmpty()) {
            svg.append("<path class=\"").append(cssClass).append("\" data-series=\"").append(series)
                    .append("\" d=\"").append(path).append("\"/>");
        }
    }

    private static void points(StringBuilder svg, List<ScoreChange> changes, ChartScale scale) {
        svg.append("<g class=\"change-points\">");
        for (ScoreChange change : changes) {
            BigDecimal composite = composite(change);
            StringBuilder cssClass = new StringBuilder("change-point ").append(ReportText.bandClass(change.getBand()));
            if (composite == null) {
                cssClass.append(" no-composite");
            }
            if (change.hasOverride()) {
                cssClass.append(" overridden");
            }
            BigDecimal y = composite == null ? ChartScale.bottom() : scale.y(composite);
            svg.append("<a href=\"#change-").append(change.getPosition()).append("\"><circle class=\"")
                    .append(cssClass).append("\" data-position=\"").append(change.getPosition())
                    .append("\" cx=\"").append(format(scale.x(ProtoTime.instant(change.getChangeTime()))))
                    .append("\" cy=\"").append(format(y)).append("\" r=\"").append(POINT_RADIUS).append("\"><title>")
                    .append(Html.escape(pointTitle(change))).append("</title></circle></a>");
        }
        svg.append("</g>");
    }

    private static String pointTitle(ScoreChange change) {
        List<String> parts = new ArrayList<>();
        parts.add("#" + change.getPosition());
        parts.add(ReportText.time(change.hasChangeTime(), change.getChangeTime()));
        parts.add(ScoreText.constant(change.getCause().getType(), "CAUSE_TYPE_"));
        if (composite(change) == null) {
            parts.add("no composite" + (change.getInsufficientDataReason().isEmpty() ? ""
                    : ": " + change.getInsufficientDataReason()));
        } else {
            parts.add("composite " + change.getComposite() + " " + ReportText.band(change.getBand()));
        }
        if (change.hasOverride()) {
            parts.add("overridden, computed " + change.getComputedComposite());
        }
        return String.join(" \u00b7 ", parts);
    }
}
