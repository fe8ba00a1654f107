package dev.successscore.cli.report;

import static dev.successscore.cli.report.Html.entry;
import static dev.successscore.cli.report.Html.escape;
import static dev.successscore.cli.report.Html.orDash;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import successscore.score.v1.Mismatch;
import successscore.score.v1.ScoreChange;

/**
 * Renders a {@link TenantHistory} as the auditor's report: one self-contained HTML page with its style, its chart
 * (inline SVG) and a small script that checks the chart, and nothing loaded from elsewhere.
 */
public final class ReportRenderer {

    private static final String STYLE = resource("report.css");
    private static final String SCRIPT = resource("report.js");

    /** The whole page. */
    public String render(TenantHistory history) {
        String tenant = escape(history.tenantId());
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"generator\" content=\"css report\">")
                .append("<title>Customer Success Score report: ").append(tenant).append("</title>")
                .append("<style>").append(STYLE).append("</style></head>\n");
        html.append("<body data-rendered=\"pending\" data-tenant=\"").append(tenant).append("\">");
        html.append("<header><h1>Customer Success Score report</h1>");
        summary(html, history);
        html.append("<nav><a href=\"#chart\">Chart</a> <a href=\"#verification\">Verification</a> ")
                .append("<a href=\"#policies\">Policies</a> <a href=\"#changes\">Changes</a></nav></header>\n");
        html.append("<ul id=\"script-errors\" hidden></ul>");
        html.append("<main>");
        chart(html, history);
        html.append(VerificationSection.render(history)).append('\n');
        html.append(PolicySection.render(history)).append('\n');
        changes(html, history);
        html.append("</main>\n<script>").append(SCRIPT).append("</script></body></html>\n");
        return html.toString();
    }

    private static void summary(StringBuilder html, TenantHistory history) {
        ScoreChange latest = history.latest();
        html.append("<dl class=\"summary\">")
                .append(entry("Tenant", "<strong class=\"tenant\">" + escape(history.tenantId()) + "</strong>"))
                .append(entry("Read from", escape(history.source())))
                .append(entry("Report time", escape(ReportText.time(history.gatheredAt().truncatedTo(ChronoUnit.SECONDS)))))
                .append(entry("Recorded changes", "<span id=\"change-count\">" + history.changes().size()
                        + "</span>"));
        if (latest != null) {
            ScoreChange first = history.changes().get(0);
            html.append(entry("Period", orDash(ReportText.time(first.hasChangeTime(), first.getChangeTime()))
                            + " &ndash; " + orDash(ReportText.time(latest.hasChangeTime(), latest.getChangeTime()))))
                    .append(entry("Latest composite", "<strong>" + orDash(latest.getComposite()) + "</strong> "
                            + ChangeSection.bandBadge(latest.getBand())));
        }
        html.append(entry("Policy versions", history.policies().isEmpty() ? "&mdash;"
                        : history.policies().keySet().stream()
                                .map(v -> "<a href=\"#policy-" + v + "\">" + v + "</a>")
                                .collect(Collectors.joining(", "))))
                .append(entry("Verification", "<a href=\"#verification\">"
                        + VerificationSection.verdict(history.verification()) + "</a>"))
                .append("</dl>");
    }

    private static void chart(StringBuilder html, TenantHistory history) {
        html.append("<section id=\"chart\"><h2>Score over time</h2><figure>")
                .append(ScoreChart.render(history))
                .append("<figcaption><ul class=\"legend\">")
                .append("<li>").append(lineSwatch("series-composite")).append("Composite (one point per change)</li>");
        for (var category : ScoreChart.CATEGORIES) {
            html.append("<li>").append(lineSwatch(ReportText.categoryClass(category)))
                    .append(escape(ReportText.category(category))).append("</li>");
        }
        html.append("<li><span class=\"swatch zone band-at-risk\"></span>AT_RISK</li>")
                .append("<li><span class=\"swatch zone band-needs-attention\"></span>NEEDS_ATTENTION</li>")
                .append("<li><span class=\"swatch zone band-healthy\"></span>HEALTHY</li>")
                .append("<li><span class=\"swatch point overridden\"></span>Overridden composite</li>")
                .append("<li><span class=\"swatch point no-composite\"></span>No composite (on the axis)</li>")
                .append("</ul><p>Each score holds from its change until the next. Band zones follow the policy "
                        + "version in force. Select a point to go to its change. Times are UTC.</p>")
                .append("</figcaption></figure></section>\n");
    }

    /** A short stroke in a series' own style, for the legend. */
    private static String lineSwatch(String seriesClass) {
        return "<svg class=\"swatch-line\" width=\"30\" height=\"10\" viewBox=\"0 0 30 10\" aria-hidden=\"true\">"
                + "<path class=\"series " + seriesClass + "\" d=\"M1 5H29\"/></svg>";
    }

    private static void changes(StringBuilder html, TenantHistory history) {
        html.append("<section id=\"changes\"><h2>Changes</h2>");
        List<Mismatch> mismatches = history.verification().getMismatchesList().stream()
                .filter(m -> m.getTenantId().isEmpty() || m.getTenantId().equals(history.tenantId()))
                .toList();
        for (ScoreChange change : history.changes()) {
            html.append(ChangeSection.render(change, mismatches.stream()
                    .filter(m -> m.getPosition() == change.getPosition()).toList())).append('\n');
        }
        html.append("</section>");
    }

    private static String resource(String name) {
        try (InputStream in = ReportRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The report's " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the report's " + name, e);
        }
    }
}
