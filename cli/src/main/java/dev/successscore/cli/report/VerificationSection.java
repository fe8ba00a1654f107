package dev.successscore.cli.report;

import static dev.successscore.cli.report.Html.cell;
import static dev.successscore.cli.report.Html.escape;

import dev.successscore.cli.client.ScoreText;
import successscore.score.v1.Mismatch;
import successscore.score.v1.VerifyHistoryResponse;

/** VerifyHistory's answer for the tenant: valid, or each mismatch with what was expected and found. */
final class VerificationSection {

    private VerificationSection() {
    }

    static String render(TenantHistory history) {
        VerifyHistoryResponse verification = history.verification();
        StringBuilder html = new StringBuilder("<section id=\"verification\" class=\"verification ")
                .append(verification.getValid() ? "valid" : "invalid").append("\" data-valid=\"")
                .append(verification.getValid()).append("\"><h2>Verification</h2>");
        if (verification.getValid()) {
            html.append("<p class=\"verdict\"><strong>Valid.</strong> score-service recomputed each of the ")
                    .append(verification.getChangesChecked())
                    .append(" recorded changes from its inputs and policy and checked the hash chain: every hash "
                            + "and every link matches.</p>");
        } else {
            html.append("<p class=\"verdict\"><strong>Not valid.</strong> score-service checked ")
                    .append(verification.getChangesChecked()).append(" recorded changes and found ")
                    .append(verification.getMismatchesCount()).append(verification.getMismatchesCount() == 1
                            ? " mismatch" : " mismatches").append(":</p>");
        }
        if (verification.getChangesChecked() != history.changes().size()) {
            html.append("<p class=\"note\">This report lists ").append(history.changes().size())
                    .append(" changes; the verification checked ").append(verification.getChangesChecked())
                    .append(". The history changed between the two reads.</p>");
        }
        if (verification.getMismatchesCount() > 0) {
            html.append("<table class=\"mismatches\"><thead><tr><th>Position</th><th>Check</th><th>Expected</th>"
                    + "<th>Actual</th><th>Detail</th></tr></thead><tbody>");
            for (Mismatch mismatch : verification.getMismatchesList()) {
                html.append("<tr><td><a href=\"#change-").append(mismatch.getPosition()).append("\">#")
                        .append(mismatch.getPosition()).append("</a></td>")
                        .append(cell(ScoreText.constant(mismatch.getKind(), "MISMATCH_KIND_")))
                        .append("<td><code>").append(Html.orDash(mismatch.getExpected())).append("</code></td>")
                        .append("<td><code>").append(Html.orDash(mismatch.getActual())).append("</code></td>")
                        .append(cell(mismatch.getDetail())).append("</tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</section>");
        return html.toString();
    }

    /** A one-word verdict for the report's summary. */
    static String verdict(VerifyHistoryResponse verification) {
        return escape(verification.getValid() ? "valid" : "not valid (" + verification.getMismatchesCount()
                + (verification.getMismatchesCount() == 1 ? " mismatch)" : " mismatches)"));
    }
}
