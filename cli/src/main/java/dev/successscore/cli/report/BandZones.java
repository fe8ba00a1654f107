package dev.successscore.cli.report;

import static dev.successscore.cli.report.ChartScale.format;

import dev.successscore.runtime.grpc.ProtoTime;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import successscore.score.v1.Bands;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoringPolicy;

/**
 * The chart's background: AT_RISK, NEEDS_ATTENTION and HEALTHY as horizontal zones, their boundaries taken from
 * the bands of the policy version each change was scored under.
 */
final class BandZones {

    private BandZones() {
    }

    /** For each run of changes under one policy version, the three band zones of that version's bands. */
    static void render(StringBuilder svg, TenantHistory history, ChartScale scale) {
        List<ScoreChange> changes = history.changes();
        svg.append("<g class=\"band-zones\">");
        int runStart = 0;
        for (int i = 1; i <= changes.size(); i++) {
            if (i < changes.size() && changes.get(i).getPolicyVersion() == changes.get(runStart).getPolicyVersion()) {
                continue;
            }
            int version = changes.get(runStart).getPolicyVersion();
            ScoringPolicy policy = history.policies().get(version);
            if (policy != null && policy.hasBands()) {
                BigDecimal from = scale.x(ProtoTime.instant(changes.get(runStart).getChangeTime()));
                BigDecimal to = i < changes.size() ? scale.x(ProtoTime.instant(changes.get(i).getChangeTime()))
                        : scale.x(scale.end());
                Bands bands = policy.getBands();
                zone(svg, scale, from, to, version, "AT_RISK", 0, bands.getNeedsAttentionFrom());
                zone(svg, scale, from, to, version, "NEEDS_ATTENTION", bands.getNeedsAttentionFrom(),
                        bands.getHealthyFrom());
                zone(svg, scale, from, to, version, "HEALTHY", bands.getHealthyFrom(), 100);
            }
            runStart = i;
        }
        svg.append("</g>");
    }

    private static void zone(StringBuilder svg, ChartScale scale, BigDecimal from, BigDecimal to, int version,
                             String band, int low, int high) {
        if (high <= low || to.compareTo(from) <= 0) {
            return;
        }
        BigDecimal top = scale.y(high);
        String bandClass = "band-" + band.toLowerCase(Locale.ROOT).replace('_', '-');
        svg.append("<rect class=\"band-zone ").append(bandClass).append("\" data-band=\"").append(band)
                .append("\" data-policy-version=\"").append(version)
                .append("\" x=\"").append(format(from)).append("\" y=\"").append(format(top))
                .append("\" width=\"").append(format(to.subtract(from)))
                .append("\" height=\"").append(format(scale.y(low).subtract(top))).append("\"><title>")
                .append(band).append(' ').append(low).append("&ndash;").append(high).append(" (policy version ")
                .append(version).append(")</title></rect>");
    }
}
