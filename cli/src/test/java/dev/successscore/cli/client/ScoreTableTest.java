package dev.successscore.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import successscore.score.v1.Alert;
import successscore.score.v1.AlertKind;
import successscore.score.v1.AppliedCategoryWeight;
import successscore.score.v1.AppliedWeightTable;
import successscore.score.v1.Band;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.Override;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreState;
import successscore.signal.v1.AdoptionLevel;
import successscore.signal.v1.Category;

class ScoreTableTest {

    private static final Category PA = Category.CATEGORY_PRODUCT_ADOPTION;
    private static final Category CE = Category.CATEGORY_CUSTOMER_EXPERTISE;
    private static final Category TH = Category.CATEGORY_TECHNICAL_HEALTH;

    private static Timestamp at(String instant) {
        return Timestamp.newBuilder().setSeconds(Instant.parse(instant).getEpochSecond()).build();
    }

    private static CategoryScore category(Category category, String score) {
        CategoryScore.Builder builder = CategoryScore.newBuilder().setCategory(category).setAvailable(score != null);
        if (score != null) {
            builder.setScore(score);
        }
        return builder.build();
    }

    private static AppliedWeightTable weights(String... categoryWeights) {
        AppliedWeightTable.Builder table = AppliedWeightTable.newBuilder();
        for (int i = 0; i < categoryWeights.length; i++) {
            table.addWeights(AppliedCategoryWeight.newBuilder().setCategory(Category.forNumber(i + 1))
                    .setWeight(categoryWeights[i]));
        }
        return table.build();
    }

    private final Score dropout = Score.newBuilder().setTenantId("daily-dropout")
            .setState(ScoreState.SCORE_STATE_SCORED).setComposite("91.7").setBand(Band.BAND_HEALTHY)
            .addCategories(category(PA, "84.2").toBuilder()
                    .setAdoptionLevel(AdoptionLevel.ADOPTION_LEVEL_BASIC_ADOPTION))
            .addCategories(category(CE, "100.0")).addCategories(category(TH, "98.8"))
            .setWeightTable(weights("50", "20", "30"))
            .addOpenAlerts(Alert.newBuilder().setKind(AlertKind.ALERT_KIND_BAND_CHANGE)
                    .setRaiseTime(at("2026-02-20T10:00:00Z")).setRaisedByPosition(3))
            .addOpenAlerts(Alert.newBuilder().setKind(AlertKind.ALERT_KIND_ENGAGEMENT_DROP)
                    .setRaiseTime(at("2026-03-02T10:00:00Z")).setRaisedByPosition(7))
            .build();
    private final Score unmonitored = Score.newBuilder().setTenantId("no-monitoring-02")
            .setState(ScoreState.SCORE_STATE_SCORED).setComposite("62.3").setBand(Band.BAND_NEEDS_ATTENTION)
            .addCategories(category(PA, "71.8").toBuilder().setAdoptionLevel(AdoptionLevel.ADOPTION_LEVEL_USAGE))
            .addCategories(category(CE, "40.0")).addCategories(category(TH, null))
            .setWeightTable(weights("70.0", "30.0"))
            .setOverride(Override.newBuilder().setValue("62.3"))
            .build();
    private final Score waiting = Score.newBuilder().setTenantId("onboarding-01")
            .setState(ScoreState.SCORE_STATE_INSUFFICIENT_DATA)
            .addCategories(category(PA, null)).addCategories(category(CE, "64.7")).addCategories(category(TH, "100.0"))
            .build();

    @Test
    void printsOneAlignedRowPerScoreUnderAHeader() {
        List<String> lines = ScoreTable.lines(List.of(dropout, unmonitored, waiting));

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("TENANT").contains("SCORE", "BAND", "ADOPTION", "EXPERTISE", "HEALTH",
                "WEIGHTS", "LEVEL", "LATEST ALERT");
        int bandColumn = lines.get(0).indexOf("BAND");
        assertThat(lines.get(1).indexOf("HEALTHY")).isEqualTo(bandColumn);
        assertThat(lines.get(2).indexOf("NEEDS_ATTENTION")).isEqualTo(bandColumn);
        assertThat(lines.get(3).indexOf("INSUFFICIENT_DATA")).isEqualTo(bandColumn);
        // numbers are right-aligned under their header's end
        int scoreEnd = lines.get(0).indexOf("SCORE") + "SCORE".length();
        assertThat(lines.get(1).substring(0, scoreEnd)).endsWith("91.7");
        assertThat(lines.get(2).substring(0, scoreEnd)).endsWith("62.3*");
    }

    @Test
    void showsTheCategoriesWeightsLevelAndLatestAlert() {
        List<String> lines = ScoreTable.lines(List.of(dropout, unmonitored, waiting));

        assertThat(lines.get(1)).startsWith("daily-dropout").contains("84.2", "100.0", "98.8", "50/20/30",
                "2 BASIC").endsWith("ENGAGEMENT_DROP since 2026-03-02");
        assertThat(lines.get(2)).startsWith("no-monitoring-02").contains("71.8", "40.0", "n/a", "70/30", "1 USAGE")
                .doesNotContain("70/30/").endsWith("-");
        assertThat(lines.get(3)).startsWith("onboarding-01").contains("n/a", "64.7", "100.0");
    }

    @Test
    void anEmptyListIsJustTheHeader() {
        assertThat(ScoreTable.lines(List.of())).hasSize(1).first().asString().startsWith("TENANT");
    }
}
