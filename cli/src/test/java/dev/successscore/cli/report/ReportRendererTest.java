package dev.successscore.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import successscore.score.v1.Alert;
import successscore.score.v1.AlertKind;
import successscore.score.v1.AppliedCategoryWeight;
import successscore.score.v1.AppliedWeightTable;
import successscore.score.v1.Band;
import successscore.score.v1.Bands;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.Cause;
import successscore.score.v1.CauseType;
import successscore.score.v1.Mismatch;
import successscore.score.v1.MismatchKind;
import successscore.score.v1.Override;
import successscore.score.v1.ScoreChange;
import successscore.score.v1.ScoreState;
import successscore.score.v1.ScoringPolicy;
import successscore.score.v1.SignalScore;
import successscore.score.v1.VerifyHistoryResponse;
import successscore.signal.v1.Category;
import successscore.signal.v1.Evidence;
import successscore.signal.v1.SignalType;

/** The report's page from hand-built changes: escaping, the chart's points and zones, the verification. */
class ReportRendererTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String HOSTILE_REASON = "<script>alert(1)</script>";
    private static final String TENANT = "acme\"<&>";

    private static final ScoringPolicy POLICY_1 = policy(1, 50, 75);
    private static final ScoringPolicy POLICY_2 = policy(2, 40, 70);

    private final ReportRenderer renderer = new ReportRenderer();

    @Test
    void textFromTheApiIsEscapedAndOnlyTheReportsOwnScriptRemains() {
        String html = renderer.render(history(validVerification()));

        assertThat(html).doesNotContain(HOSTILE_REASON).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain(TENANT).contains("acme&quot;&lt;&amp;&gt;");
        assertThat(html).doesNotContain("evil\"onmouseover").contains("evil&quot;onmouseover");
        assertThat(count(html, "<script")).isEqualTo(1);
    }

    @Test
    void theChartHasExactlyOnePointPerChangeEachLinkedToItsChange() {
        TenantHistory history = history(validVerification());
        String html = renderer.render(history);

        List<String> positions = attributes(html, "<circle class=\"change-point[^\"]*\" data-position=\"(\\d+)\"");
        assertThat(positions).containsExactly("1", "2", "3", "4");
        assertThat(html).contains("data-change-count=\"" + history.changes().size() + "\"");
        for (String position : positions) {
            assertThat(html).contains("<a href=\"#change-" + position + "\"><circle")
                    .contains("<section class=\"change ").contains("id=\"change-" + position + "\"");
        }
        // the change without a composite still has its point, drawn on the axis and marked as such
        assertThat(html).containsPattern("<circle class=\"change-point band-unspecified no-composite\" "
                + "data-position=\"2\"");
        assertThat(html).containsPattern("<circle class=\"change-point band-healthy overridden\" data-position=\"4\"");
    }

    @Test
    void bandZonesFollowTheBandsOfThePolicyInForce() {
        TenantHistory history = history(validVerification());
        String html = renderer.render(history);

        List<String> zones = attributes(html, "<rect class=\"band-zone [^\"]+\" data-band=\"([A-Z_]+)\" "
                + "data-policy-version=\"(\\d)\"");
        assertThat(zones).containsExactly("AT_RISK/1", "NEEDS_ATTENTION/1", "HEALTHY/1",
                "AT_RISK/2", "NEEDS_ATTENTION/2", "HEALTHY/2");

        ChartScale scale = new ChartScale(T0, T0.plus(Duration.ofDays(9)));
        // each zone's top edge lies at its lower band's upper boundary, as the policy version in force sets it
        assertThat(zoneTop(html, "NEEDS_ATTENTION", 1)).isEqualTo(ChartScale.format(scale.y(75)));
        assertThat(zoneTop(html, "AT_RISK", 1)).isEqualTo(ChartScale.format(scale.y(50)));
        assertThat(zoneTop(html, "NEEDS_ATTENTION", 2)).isEqualTo(ChartScale.format(scale.y(70)));
        assertThat(zoneTop(html, "AT_RISK", 2)).isEqualTo(ChartScale.format(scale.y(40)));
        assertThat(html).contains("<span class=\"swatch ").contains("id=\"policy-1\"").contains("id=\"policy-2\"");
    }

    @Test
    void theValidVerificationIsShown() {
        String html = renderer.render(history(validVerification()));

        assertThat(html).contains("id=\"verification\" class=\"verification valid\" data-valid=\"true\"")
                .contains("<strong>Valid.</strong>").contains("each of the 4 recorded changes")
                .doesNotContain("class=\"mismatches\"");
    }

    @Test
    void eachMismatchIsShownAndMarkedOnItsChange() {
        VerifyHistoryResponse invalid = VerifyHistoryResponse.newBuilder().setValid(false).setTenantsChecked(1)
                .setChangesChecked(4).addMismatches(Mismatch.newBuilder().setTenantId(TENANT).setPosition(3)
                        .setKind(MismatchKind.MISMATCH_KIND_HASH).setExpected("aa11").setActual("bb22")
                        .setDetail("stored <hash> differs"))
                .build();
        String html = renderer.render(history(invalid));

        assertThat(html).contains("data-valid=\"false\"").contains("<strong>Not valid.</strong>")
                .contains("found 1 mismatch:").contains("<td>HASH</td>").contains("<code>aa11</code>")
                .contains("<code>bb22</code>").contains("stored &lt;hash&gt; differs");
        assertThat(html).contains("<section class=\"change band-at-risk mismatch\" id=\"change-3\"");
        assertThat(count(html, " mismatch\" id=\"change-")).isEqualTo(1);
    }

    @Test
    void numbersAreTheApisDecimalStringsAndTimesAreUtcIso8601() {
        String html = renderer.render(history(validVerification()));

        assertThat(html).contains("<td class=\"num\">564.25</td>").contains("<td class=\"num\">0.60</td>")
                .contains("<strong>71.80</strong>").contains("2026-03-01T00:00:00Z")
                .contains("2026-03-10T00:00:00Z").contains("2026-03-31T00:00:00Z");
        assertThat(html).contains("Product Adoption").contains("Customer Expertise").contains("Technical Health");
        assertThat(html).contains("ALERT-1").contains("BAND_CHANGE").contains("ALERT-0");
        assertThat(html).contains("<code>" + "c".repeat(64) + "</code>").contains("<code>" + "b".repeat(64) + "</code>");
    }

    @Test
    void thePageLoadsNothingFromElsewhere() {
        String html = renderer.render(history(validVerification()));

        assertThat(html).doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase(" src=")
                .doesNotContain("url(").doesNotContain("@import").contains("<style>").contains("<svg ");
        assertThat(attributes(html, " href=\"([^\"]*)\"")).isNotEmpty().allMatch(href -> href.startsWith("#"));
    }

    @Test
    void anEmptyHistoryStillRenders() {
        TenantHistory empty = new TenantHistory("quiet", "score-service at test", T0, List.of(), Map.of(),
                VerifyHistoryResponse.newBuilder().setValid(true).setTenantsChecked(1).build());
        String html = renderer.render(empty);

        assertThat(html).contains("data-change-count=\"0\"").contains("No recorded changes")
                .doesNotContain("<circle");
    }

    // --- the hand-built history: a measurement, a change without a composite, a drop under a new policy and an
    // override whose reason is hostile

    private static TenantHistory history(VerifyHistoryResponse verification) {
        List<ScoreChange> changes = new ArrayList<>();
        changes.add(change(1, T0, 1, Band.BAND_HEALTHY, "80.0", "", cause(CauseType.CAUSE_TYPE_MEASUREMENT,
                "usage-service", "", "")).toBuilder().setPreviousHash("").build());
        changes.add(change(2, T0.plus(Duration.ofDays(1)), 1, Band.BAND_UNSPECIFIED, "", "80.0",
                cause(CauseType.CAUSE_TYPE_STALENESS_EXPIRY, "score-service", "", "")).toBuilder()
                .setState(ScoreState.SCORE_STATE_INSUFFICIENT_DATA)
                .setInsufficientDataReason("Product Adoption is not available").build());
        changes.add(change(3, T0.plus(Duration.ofDays(4)), 2, Band.BAND_AT_RISK, "35.5", "", cause(
                CauseType.CAUSE_TYPE_POLICY_PUBLICATION, "score-service", "auditor@example.com", "new bands"))
                .toBuilder().addAlertsRaised(Alert.newBuilder().setAlertId("ALERT-1")
                        .setKind(AlertKind.ALERT_KIND_BAND_CHANGE).setRaiseTime(ts(T0.plus(Duration.ofDays(4))))
                        .setMessage("band <changed>").setRaisedByPosition(3))
                .addAlertsResolved("ALERT-0").build());
        changes.add(change(4, T0.plus(Duration.ofDays(9)), 2, Band.BAND_HEALTHY, "71.80", "35.5",
                cause(CauseType.CAUSE_TYPE_OVERRIDE_SET, "score-service", "csm\"lead", HOSTILE_REASON))
                .toBuilder().setComputedComposite("35.5").setOverride(Override.newBuilder().setValue("71.80")
                        .setAuthor("csm\"lead").setReason(HOSTILE_REASON).setSetTime(ts(T0.plus(Duration.ofDays(9))))
                        .setExpireTime(ts(T0.plus(Duration.ofDays(30)))))
                .build());
        TreeMap<Integer, ScoringPolicy> policies = new TreeMap<>(Map.of(1, POLICY_1, 2, POLICY_2));
        return new TenantHistory(TENANT, "score-service at test", T0.plus(Duration.ofDays(10)), changes, policies,
                verification);
    }

    private static VerifyHistoryResponse validVerification() {
        return VerifyHistoryResponse.newBuilder().setValid(true).setTenantsChecked(1).setChangesChecked(4).build();
    }

    private static ScoreChange change(long position, Instant at, int policyVersion, Band band, String composite,
                                      String previous, Cause cause) {
        return ScoreChange.newBuilder().setTenantId(TENANT).setPosition(position).setChangeTime(ts(at))
                .setCause(cause).setState(ScoreState.SCORE_STATE_SCORED).setComposite(composite)
                .setComputedComposite(composite).setPreviousComposite(previous).setBand(band)
                .setPolicyVersion(policyVersion)
                .setWeightTable(AppliedWeightTable.newBuilder().setFromPolicyTable(true).setReason("all three")
                        .addAvailableCategories(Category.CATEGORY_PRODUCT_ADOPTION)
                        .addWeights(weight(Category.CATEGORY_PRODUCT_ADOPTION, "50"))
                        .addWeights(weight(Category.CATEGORY_CUSTOMER_EXPERTISE, "20"))
                        .addWeights(weight(Category.CATEGORY_TECHNICAL_HEALTH, "30")))
                .addCategories(CategoryScore.newBuilder().setCategory(Category.CATEGORY_PRODUCT_ADOPTION)
                        .setAvailable(true).setScore("72.5").setWeight("50").setContribution("36.25")
                        .setMeasurementId("m-" + position).setMeasureTime(ts(at)).setSourceService("usage-service")
                        .addSignals(SignalScore.newBuilder().setKey("license_activation")
                                .setType(SignalType.SIGNAL_TYPE_RATIO).setScore(75).setWeight("25")
                                .setEffectiveWeight("0.60").setContribution("18.75")
                                .setEvidence(Evidence.newBuilder().setNumerator("564.25").setDenominator("752")
                                        .setNote("seats evil\"onmouseover=\"x"))))
                .addCategories(CategoryScore.newBuilder().setCategory(Category.CATEGORY_CUSTOMER_EXPERTISE)
                        .setAvailable(true).setScore("40.0").setWeight("20").setContribution("8.00"))
                .addCategories(CategoryScore.newBuilder().setCategory(Category.CATEGORY_TECHNICAL_HEALTH)
                        .setAvailable(false).setUnavailableReason("no measurement"))
                .setPreviousHash(String.valueOf((char) ('a' + position - 1)).repeat(64))
                .setHash(String.valueOf((char) ('a' + position)).repeat(64))
                .build();
    }

    private static AppliedCategoryWeight weight(Category category, String weight) {
        return AppliedCategoryWeight.newBuilder().setCategory(category).setWeight(weight).build();
    }

    private static Cause cause(CauseType type, String source, String actor, String reason) {
        return Cause.newBuilder().setType(type).setSourceService(source).setActor(actor).setReason(reason)
                .setSourceEventId("event-" + type.getNumber()).build();
    }

    private static ScoringPolicy policy(int version, int needsAttentionFrom, int healthyFrom) {
        return ScoringPolicy.newBuilder().setVersion(version).setPublishedBy("score-service")
                .setPublishTime(ts(T0.plus(Duration.ofDays(version == 1 ? -1 : 4))))
                .setBands(Bands.newBuilder().setNeedsAttentionFrom(needsAttentionFrom).setHealthyFrom(healthyFrom))
                .build();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static String zoneTop(String html, String band, int version) {
        Matcher matcher = Pattern.compile("data-band=\"" + band + "\" data-policy-version=\"" + version
                + "\" x=\"[^\"]+\" y=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as("a %s zone of policy %d", band, version).isTrue();
        return matcher.group(1);
    }

    /** The first group of each match, or the groups joined by '/' when there are several. */
    private static List<String> attributes(String html, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(html);
        while (matcher.find()) {
            List<String> groups = new ArrayList<>();
            for (int g = 1; g <= matcher.groupCount(); g++) {
                groups.add(matcher.group(g));
            }
            found.add(String.join("/", groups));
        }
        return found;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
