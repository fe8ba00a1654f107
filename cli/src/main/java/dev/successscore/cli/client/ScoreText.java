package dev.successscore.cli.client;

import dev.successscore.runtime.grpc.ProtoTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import successscore.score.v1.Alert;
import successscore.score.v1.Band;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreState;
import successscore.signal.v1.AdoptionLevel;
import successscore.signal.v1.Category;

/** Scores and changes as short text for people: names without their enum prefixes, decimals as the API gives them. */
public final class ScoreText {

    private ScoreText() {
    }

    /** An enum constant without its type prefix: {@code BAND_AT_RISK} gives {@code AT_RISK}. */
    public static String constant(Enum<?> value, String prefix) {
        String name = value.name();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /** {@code HEALTHY}, {@code NEEDS_ATTENTION}, {@code AT_RISK}, or {@code -}. */
    public static String band(Band band) {
        return band == Band.BAND_UNSPECIFIED || band == Band.UNRECOGNIZED ? "-" : constant(band, "BAND_");
    }

    /** The adoption level as the spec numbers it: {@code 1 USAGE}, {@code 2 BASIC}, {@code 3 DEEP}, or {@code -}. */
    public static String level(AdoptionLevel level) {
        return switch (level) {
            case ADOPTION_LEVEL_DEEP_ADOPTION -> "3 DEEP";
            case ADOPTION_LEVEL_BASIC_ADOPTION -> "2 BASIC";
            case ADOPTION_LEVEL_USAGE -> "1 USAGE";
            case ADOPTION_LEVEL_NONE -> "0 NONE";
            default -> "-";
        };
    }

    /** A category's score, {@code n/a} when absent or not available, with {@code (stale)} when its source is away. */
    public static String categoryScore(CategoryScore category) {
        if (category == null || !category.getAvailable()) {
            return "n/a";
        }
        return category.getScore() + (category.getStale() ? " (stale)" : "");
    }

    /** The category of a score or change, {@code null} when it has none. */
    public static CategoryScore category(List<CategoryScore> categories, Category category) {
        return categories.stream().filter(c -> c.getCategory() == category).findFirst().orElse(null);
    }

    /** The adoption level of the Product Adoption category. */
    public static String adoptionLevel(List<CategoryScore> categories) {
        CategoryScore adoption = category(categories, Category.CATEGORY_PRODUCT_ADOPTION);
        return adoption == null ? "-" : level(adoption.getAdoptionLevel());
    }

    /** The composite, or the reason there is none. */
    public static String composite(ScoreState state, String composite) {
        return state == ScoreState.SCORE_STATE_SCORED ? composite : "-";
    }

    /** The most recently raised open alert: its kind and the day it was raised, or {@code -}. */
    public static String latestAlert(Score score) {
        return score.getOpenAlertsList().stream()
                .max(Comparator.comparingLong((Alert a) -> a.getRaiseTime().getSeconds())
                        .thenComparingInt(a -> a.getRaiseTime().getNanos())
                        .thenComparingLong(Alert::getRaisedByPosition))
                .map(a -> constant(a.getKind(), "ALERT_KIND_") + " since "
                        + Instant.ofEpochSecond(a.getRaiseTime().getSeconds()).toString().substring(0, 10))
                .orElse("-");
    }

    /** An enum constant without its prefix, lower case words. */
    public static String name(String constant, String prefix) {
        return (constant.startsWith(prefix) ? constant.substring(prefix.length()) : constant)
                .toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A timestamp in ISO-8601 UTC, or {@code -} when unset. */
    public static String time(com.google.protobuf.Timestamp timestamp) {
        if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
            return "-";
        }
        return ProtoTime.instant(timestamp).toString();
    }

    /** One line of a history: position, time, cause, composite and band, and the hash's first characters. */
    public static String changeLine(ScoreChange change) {
        String cause = name(change.getCause().getType().name(), "CAUSE_TYPE_");
        if (change.getCause().getCategory() != Category.CATEGORY_UNSPECIFIED) {
            cause += " " + name(change.getCause().getCategory().name(), "CATEGORY_");
        }
        return String.format("%5d  %-27s  %-34s %6s -> %-6s %-16s %s", change.getPosition(),
                time(change.getChangeTime()), cause, blankAsDash(change.getPreviousComposite()),
                composite(change.getState(), change.getComposite()), band(change.getBand()),
                change.getHash().length() > 12 ? change.getHash().substring(0, 12) : change.getHash());
    }

    private static String blankAsDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
