package dev.successscore.cli.report;

import static dev.successscore.cli.report.Html.cell;
import static dev.successscore.cli.report.Html.entry;
import static dev.successscore.cli.report.Html.escape;
import static dev.successscore.cli.report.Html.number;
import static dev.successscore.cli.report.Html.orDash;

import dev.successscore.cli.client.ScoreText;
import java.util.List;
import java.util.stream.Collectors;
import successscore.score.v1.Alert;
import successscore.score.v1.AppliedCategoryWeight;
import successscore.score.v1.AppliedWeightTable;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.Cause;
import successscore.score.v1.Mismatch;
import successscore.score.v1.Override;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreState;
import successscore.score.v1.SignalScore;
import successscore.signal.v1.Evidence;

/**
 * One recorded change as the report lists it: position, time, cause, composite and band before and after, the
 * weight table, each category with its signals and their evidence, the alerts, and the hashes.
 */
final class ChangeSection {

    private ChangeSection() {
    }

    /**
     * @param mismatches the verification's mismatches at this change's position, shown with it
     */
    static String render(ScoreChange change, List<Mismatch> mismatches) {
        StringBuilder html = new StringBuilder();
        long position = change.getPosition();
        html.append("<section class=\"change ").append(ReportText.bandClass(change.getBand()))
                .append(mismatches.isEmpty() ? "" : " mismatch").append("\" id=\"change-").append(position)
                .append("\" data-position=\"").append(position).append("\">");
        html.append("<h3><span class=\"position\">#").append(position).append("</span> ")
                .append(orDash(ReportText.time(change.hasChangeTime(), change.getChangeTime()))).append(" &middot; ")
                .append(escape(ScoreText.constant(change.getCause().getType(), "CAUSE_TYPE_"))).append("</h3>");
        if (!mismatches.isEmpty()) {
            html.append("<p class=\"mismatch-note\">Verification found a mismatch at this change: ")
                    .append(mismatches.stream().map(m -> escape(ScoreText.constant(m.getKind(), "MISMATCH_KIND_")))
                            .collect(Collectors.joining(", ")))
                    .append(" (see <a href=\"#verification\">Verification</a>).</p>");
        }
        html.append("<div class=\"change-summary\">");
        cause(html, change.getCause());
        outcome(html, change);
        html.append("</div>");
        weightTable(html, change.getWeightTable());
        categories(html, change.getCategoriesList());
        alerts(html, change);
        html.append("<dl class=\"hashes\">")
                .append(entry("Hash", "<code>" + orDash(change.getHash()) + "</code>"))
                .append(entry("Previous hash", "<code>" + orDash(change.getPreviousHash()) + "</code>"))
                .append("</dl>");
        html.append("</section>");
        return html.toString();
    }

    private static void cause(StringBuilder html, Cause cause) {
        html.append("<dl class=\"cause\">")
                .append(entry("Cause", escape(ScoreText.constant(cause.getType(), "CAUSE_TYPE_"))))
                .append(entry("Source", orDash(cause.getSourceService())))
                .append(entry("Source event", "<code>" + orDash(cause.getSourceEventId()) + "</code>"))
                .append(entry("Cause time", orDash(ReportText.time(cause.hasCauseTime(), cause.getCauseTime()))))
                .append(entry("Actor", orDash(cause.getActor())))
                .append(entry("Reason", "<span class=\"reason\">" + orDash(cause.getReason()) + "</span>"))
                .append(entry("Category", orDash(ReportText.category(cause.getCategory()))))
                .append("</dl>");
    }

    private static void outcome(StringBuilder html, ScoreChange change) {
        html.append("<dl class=\"outcome\">");
        html.append(entry("State", escape(ScoreText.constant(change.getState(), "SCORE_STATE_"))));
        if (change.getState() == ScoreState.SCORE_STATE_INSUFFICIENT_DATA) {
            html.append(entry("Why no composite", orDash(change.getInsufficientDataReason())));
        }
        html.append(entry("Composite", "<span class=\"composite\">" + orDash(change.getPreviousComposite())
                + " &rarr; <strong>" + orDash(change.getComposite()) + "</strong></span>"));
        html.append(entry("Computed composite", orDash(change.getComputedComposite())));
        html.append(entry("Band", bandBadge(change.getPreviousBand()) + " &rarr; " + bandBadge(change.getBand())));
        html.append(entry("Policy version", change.getPolicyVersion() > 0
                ? "<a href=\"#policy-" + change.getPolicyVersion() + "\">" + change.getPolicyVersion() + "</a>"
                : "&mdash;"));
        if (change.hasOverride()) {
            Override override = change.getOverride();
            html.append(entry("Override", "<strong>" + orDash(override.getValue()) + "</strong> by "
                    + orDash(override.getAuthor()) + ", set " + orDash(ReportText.time(override.hasSetTime(),
                    override.getSetTime())) + ", expires " + orDash(ReportText.time(override.hasExpireTime(),
                    override.getExpireTime())) + ": <span class=\"reason\">" + orDash(override.getReason())
                    + "</span>"));
        }
        html.append("</dl>");
    }

    static String bandBadge(successscore.score.v1.Band band) {
        String name = ReportText.band(band);
        if (name.isEmpty()) {
            return "&mdash;";
        }
        return "<span class=\"band " + ReportText.bandClass(band) + "\">" + escape(name) + "</span>";
    }

    private static void weightTable(StringBuilder html, AppliedWeightTable table) {
        html.append("<h4>Weight table</h4><dl class=\"weight-source\">")
                .append(entry("Table", table.getFromPolicyTable() ? "the policy's table for these categories"
                        : "renormalised from the policy's table of all three categories"))
                .append(entry("Why", orDash(table.getReason()))).append("</dl>");
        if (table.getWeightsCount() == 0) {
            html.append("<p>No category was available.</p>");
            return;
        }
        html.append("<table class=\"weights\"><thead><tr><th>Category</th><th>Weight</th></tr></thead><tbody>");
        for (AppliedCategoryWeight weight : table.getWeightsList()) {
            html.append("<tr>").append(cell(ReportText.category(weight.getCategory())))
                    .append(number(weight.getWeight())).append("</tr>");
        }
        html.append("</tbody></table>");
    }

    private static void categories(StringBuilder html, List<CategoryScore> categories) {
        html.append("<h4>Categories</h4>");
        if (categories.isEmpty()) {
            html.append("<p>No category recorded.</p>");
            return;
        }
        html.append("<table class=\"categories\"><thead><tr><th>Category</th><th>Score</th><th>Weight</th>"
                + "<th>Contribution</th><th>Measurement</th><th>Measured</th><th>Source</th><th>Adoption level</th>"
                + "<th>Status</th></tr></thead>");
        for (CategoryScore category : categories) {
            html.append("<tbody class=\"category\" data-category=\"")
                    .append(escape(ScoreText.constant(category.getCategory(), "CATEGORY_")))
                    .append("\"><tr class=\"category-row\">")
                    .append("<th scope=\"row\">").append(orDash(ReportText.category(category.getCategory())))
                    .append("</th>").append(number(category.getScore())).append(number(category.getWeight()))
                    .append(number(category.getContribution()))
                    .append("<td><code>").append(orDash(category.getMeasurementId())).append("</code></td>")
                    .append(timeCell(ReportText.time(category.hasMeasureTime(), category.getMeasureTime())))
                    .append(cell(category.getSourceService()))
                    .append(cell(adoptionLevel(category)))
                    .append(cell(status(category))).append("</tr>");
            if (category.getSignalsCount() > 0) {
                html.append("<tr class=\"signals-row\"><td colspan=\"9\">");
                signals(html, category.getSignalsList());
                html.append("</td></tr>");
            }
            html.append("</tbody>");
        }
        html.append("</table>");
    }

    private static String timeCell(String time) {
        return "<td class=\"time\">" + orDash(time) + "</td>";
    }

    private static String adoptionLevel(CategoryScore category) {
        return category.getAdoptionLevel() == successscore.signal.v1.AdoptionLevel.ADOPTION_LEVEL_UNSPECIFIED ? ""
                : ScoreText.constant(category.getAdoptionLevel(), "ADOPTION_LEVEL_");
    }

    private static String status(CategoryScore category) {
        String status = category.getAvailable() ? "available" : "not available";
        if (!category.getUnavailableReason().isEmpty()) {
            status += ": " + category.getUnavailableReason();
        }
        return category.getStale() ? status + " (stale: its service is unreachable)" : status;
    }

    private static void signals(StringBuilder html, List<SignalScore> signals) {
        html.append("<table class=\"signals\"><thead><tr><th>Signal</th><th>Type</th><th>Score</th><th>Weight</th>"
                + "<th>Effective weight</th><th>Contribution</th><th>Numerator</th><th>Denominator</th>"
                + "<th>Baseline</th><th>Evidence</th></tr></thead><tbody>");
        for (SignalScore signal : signals) {
            Evidence evidence = signal.getEvidence();
            html.append("<tr>").append("<td><code>").append(orDash(signal.getKey())).append("</code></td>")
                    .append(cell(ScoreText.constant(signal.getType(), "SIGNAL_TYPE_")))
                    .append(signal.hasScore() ? "<td class=\"num\">" + signal.getScore() + "</td>"
                            : "<td class=\"num\">not available</td>")
                    .append(number(signal.getWeight())).append(number(signal.getEffectiveWeight()))
                    .append(number(signal.getContribution())).append(number(evidence.getNumerator()))
                    .append(number(evidence.getDenominator())).append(number(evidence.getBaseline()))
                    .append(cell(evidence.getNote())).append("</tr>");
        }
        html.append("</tbody></table>");
    }

    private static void alerts(StringBuilder html, ScoreChange change) {
        if (change.getAlertsRaisedCount() == 0 && change.getAlertsResolvedCount() == 0) {
            html.append("<p class=\"alerts-none\">No alert raised or resolved.</p>");
            return;
        }
        if (change.getAlertsRaisedCount() > 0) {
            html.append("<h4>Alerts raised</h4><table class=\"alerts\"><thead><tr><th>Kind</th><th>Alert</th>"
                    + "<th>Raised</th><th>Category</th><th>Message</th></tr></thead><tbody>");
            for (Alert alert : change.getAlertsRaisedList()) {
                html.append("<tr>").append(cell(ScoreText.constant(alert.getKind(), "ALERT_KIND_")))
                        .append("<td><code>").append(orDash(alert.getAlertId())).append("</code></td>")
                        .append(timeCell(ReportText.time(alert.hasRaiseTime(), alert.getRaiseTime())))
                        .append(cell(ReportText.category(alert.getCategory())))
                        .append(cell(alert.getMessage())).append("</tr>");
            }
            html.append("</tbody></table>");
        }
        if (change.getAlertsResolvedCount() > 0) {
            html.append("<h4>Alerts resolved</h4><ul class=\"alerts-resolved\">");
            for (String alertId : change.getAlertsResolvedList()) {
                html.append("<li><code>").append(orDash(alertId)).append("</code></li>");
            }
            html.append("</ul>");
        }
    }
}
