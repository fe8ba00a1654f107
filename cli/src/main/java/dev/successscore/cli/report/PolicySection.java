package dev.successscore.cli.report;

import static dev.successscore.cli.report.Html.cell;
import static dev.successscore.cli.report.Html.entry;
import static dev.successscore.cli.report.Html.escape;
import static dev.successscore.cli.report.Html.orDash;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import successscore.score.v1.AlertThresholds;
import successscore.score.v1.Bands;
import successscore.score.v1.CategoryWeight;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.SignalWeight;
import successscore.score.v1.SignalWeights;
import successscore.score.v1.StalenessLimit;
import successscore.score.v1.WeightTable;

/** The policy versions in force during the history: bands, weights, staleness limits and alert thresholds. */
final class PolicySection {

    private PolicySection() {
    }

    static String render(TenantHistory history) {
        StringBuilder html = new StringBuilder("<section id=\"policies\"><h2>Policy versions in force</h2>");
        if (history.policies().isEmpty()) {
            html.append("<p>The history names no policy version.</p>");
        }
        history.policies().forEach((version, policy) -> policy(html, version, policy, history.changes()));
        html.append("</section>");
        return html.toString();
    }

    private static void policy(StringBuilder html, int version, ScoringPolicy policy, List<ScoreChange> changes) {
        html.append("<article class=\"policy\" id=\"policy-").append(version).append("\" data-version=\"")
                .append(version).append("\"><h3>Policy version ").append(version).append("</h3>");
        html.append("<dl>")
                .append(entry("Published", orDash(ReportText.time(policy.hasPublishTime(), policy.getPublishTime()))))
                .append(entry("Published by", orDash(policy.getPublishedBy())))
                .append(entry("Description", orDash(policy.getDescription())))
                .append(entry("In force at changes", positions(version, changes)));
        if (policy.hasBands()) {
            Bands bands = policy.getBands();
            html.append(entry("Bands", "<span class=\"band band-at-risk\">AT_RISK</span> below "
                    + bands.getNeedsAttentionFrom() + ", <span class=\"band band-needs-attention\">NEEDS_ATTENTION"
                    + "</span> from " + bands.getNeedsAttentionFrom() + " below " + bands.getHealthyFrom()
                    + ", <span class=\"band band-healthy\">HEALTHY</span> from " + bands.getHealthyFrom()));
        }
        if (policy.hasAlertThresholds()) {
            AlertThresholds alerts = policy.getAlertThresholds();
            html.append(entry("Score drop alert", "a drop of at least " + alerts.getScoreDropPoints()
                    + " points against the score " + alerts.getScoreDropLookbackDays() + " days earlier"));
        }
        if (policy.getStalenessLimitsCount() > 0) {
            html.append(entry("Staleness limits", policy.getStalenessLimitsList().stream()
                    .map(PolicySection::staleness).collect(Collectors.joining(", "))));
        }
        html.append("</dl>");
        weightTables(html, policy.getWeightTablesList());
        signalWeights(html, policy.getSignalWeightsList());
        html.append("</article>");
    }

    private static String staleness(StalenessLimit limit) {
        return orDash(ReportText.category(limit.getCategory())) + " " + limit.getLimitDays() + " days";
    }

    /** The positions of the changes scored under the version, as ranges: {@code #1–#5, #8}. */
    private static String positions(int version, List<ScoreChange> changes) {
        List<String> ranges = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (ScoreChange change : changes) {
            if (change.getPolicyVersion() != version) {
                continue;
            }
            if (start >= 0 && change.getPosition() == end + 1) {
                end = change.getPosition();
                continue;
            }
            if (start >= 0) {
                ranges.add(range(start, end));
            }
            start = change.getPosition();
            end = start;
        }
        if (start >= 0) {
            ranges.add(range(start, end));
        }
        return ranges.isEmpty() ? "&mdash;" : String.join(", ", ranges);
    }

    private static String range(long start, long end) {
        String first = "<a href=\"#change-" + start + "\">#" + start + "</a>";
        return start == end ? first : first + "&ndash;<a href=\"#change-" + end + "\">#" + end + "</a>";
    }

    private static void weightTables(StringBuilder html, List<WeightTable> tables) {
        if (tables.isEmpty()) {
            return;
        }
        html.append("<h4>Category weights</h4><table class=\"policy-weights\"><thead><tr><th>Available categories"
                + "</th><th>Weights</th></tr></thead><tbody>");
        for (WeightTable table : tables) {
            html.append("<tr>").append(cell(table.getWeightsList().stream()
                            .map(w -> ReportText.category(w.getCategory())).collect(Collectors.joining(", "))))
                    .append("<td>").append(table.getWeightsList().stream().map(PolicySection::weight)
                            .collect(Collectors.joining(", "))).append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static String weight(CategoryWeight weight) {
        return escape(ReportText.category(weight.getCategory())) + " " + weight.getWeight();
    }

    private static void signalWeights(StringBuilder html, List<SignalWeights> categories) {
        if (categories.isEmpty()) {
            return;
        }
        html.append("<h4>Signal weights</h4><table class=\"policy-signals\"><thead><tr><th>Category</th>"
                + "<th>Signal weights</th></tr></thead><tbody>");
        for (SignalWeights category : categories) {
            html.append("<tr>").append(cell(ReportText.category(category.getCategory()))).append("<td>");
            html.append(category.getWeightsList().stream().map(PolicySection::signalWeight)
                    .collect(Collectors.joining(", ")));
            html.append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static String signalWeight(SignalWeight weight) {
        return "<code>" + orDash(weight.getSignalKey()) + "</code> " + weight.getWeight();
    }
}
