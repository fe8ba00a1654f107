package dev.successscore.cli.report;

import static dev.successscore.cli.report.ChartScale.format;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

/** The chart's grid and axes: scores 0..100 every 20 points, and UTC dates (or minutes for a short history). */
final class ChartAxes {

    private static final int X_TICKS = 5;
    private static final BigDecimal EDGE_LABEL = BigDecimal.valueOf(60);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    private ChartAxes() {
    }

    static void render(StringBuilder svg, ChartScale scale) {
        String left = format(ChartScale.left());
        String right = format(ChartScale.right());
        svg.append("<g class=\"grid\">");
        for (int score = 0; score <= 100; score += 20) {
            String y = format(scale.y(score));
            svg.append("<line x1=\"").append(left).append("\" y1=\"").append(y).append("\" x2=\"").append(right)
                    .append("\" y2=\"").append(y).append("\"/>");
            svg.append("<text class=\"y-label\" x=\"").append(ChartScale.LEFT - 8).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">").append(score).append("</text>");
        }
        Duration span = Duration.between(scale.start(), scale.end());
        boolean days = span.compareTo(Duration.ofDays(3)) >= 0;
        DateTimeFormatter labels = days ? DAY : MINUTE;
        ChronoUnit unit = days ? ChronoUnit.DAYS : ChronoUnit.MINUTES;
        String bottom = format(ChartScale.bottom());
        // evenly spread, each on the whole day (or minute) its label names
        Set<Instant> ticks = new LinkedHashSet<>();
        for (int tick = 0; tick < X_TICKS; tick++) {
            Instant at = scale.start().plus(span.multipliedBy(tick).dividedBy(X_TICKS - 1)).truncatedTo(unit);
            ticks.add(at.isBefore(scale.start()) ? at.plus(1, unit) : at);
        }
        for (Instant at : ticks) {
            if (at.isAfter(scale.end())) {
                continue;
            }
            BigDecimal position = scale.x(at);
            String x = format(position);
            // labels near an edge are aligned to it, so that they stay inside the chart
            String anchor = position.compareTo(ChartScale.left().add(EDGE_LABEL)) < 0 ? "start"
                    : position.compareTo(ChartScale.right().subtract(EDGE_LABEL)) > 0 ? "end" : "middle";
            svg.append("<line class=\"tick\" x1=\"").append(x).append("\" y1=\"").append(bottom).append("\" x2=\"")
                    .append(x).append("\" y2=\"").append(format(ChartScale.bottom().add(BigDecimal.valueOf(6))))
                    .append("\"/>");
            svg.append("<text class=\"x-label\" x=\"").append(x).append("\" y=\"")
                    .append(format(ChartScale.bottom().add(BigDecimal.valueOf(22)))).append("\" text-anchor=\"")
                    .append(anchor).append("\">").append(labels.format(at)).append("</text>");
        }
        svg.append("</g>");
    }
}
