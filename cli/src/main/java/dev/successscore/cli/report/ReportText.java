package dev.successscore.cli.report;

import com.google.protobuf.Timestamp;
import dev.successscore.cli.client.ScoreText;
import dev.successscore.runtime.grpc.ProtoTime;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import successscore.score.v1.Band;
import successscore.signal.v1.Category;

/** How the report names the API's enums and writes its instants (UTC, ISO-8601). */
final class ReportText {

    private ReportText() {
    }

    /** The instant as UTC ISO-8601, e.g. {@code 2026-03-01T00:00:00Z}; empty when the timestamp is unset. */
    static String time(boolean present, Timestamp timestamp) {
        return present ? DateTimeFormatter.ISO_INSTANT.format(ProtoTime.instant(timestamp)) : "";
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }


    /** {@code AT_RISK}, {@code NEEDS_ATTENTION}, {@code HEALTHY}, or empty when unspecified. */
    static String band(Band band) {
        return band == Band.BAND_UNSPECIFIED ? "" : ScoreText.constant(band, "BAND_");
    }

    /** The CSS class of a band: {@code band-at-risk}, {@code band-needs-attention}, {@code band-healthy}. */
    static String bandClass(Band band) {
        return "band-" + ScoreText.constant(band, "BAND_").toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The category's name as the product writes it, e.g. {@code Product Adoption}; empty when unspecified. */
    static String category(Category category) {
        return switch (category) {
            case CATEGORY_PRODUCT_ADOPTION -> "Product Adoption";
            case CATEGORY_CUSTOMER_EXPERTISE -> "Customer Expertise";
            case CATEGORY_TECHNICAL_HEALTH -> "Technical Health";
            case CATEGORY_UNSPECIFIED -> "";
            default -> ScoreText.constant(category, "CATEGORY_");
        };
    }

    /** The CSS class of a category's series, e.g. {@code series-product-adoption}. */
    static String categoryClass(Category category) {
        return "series-" + ScoreText.constant(category, "CATEGORY_").toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
