package dev.successscore.cli.demo;

import static dev.successscore.cli.demo.DemoGeneratorTest.credits;
import static dev.successscore.cli.demo.DemoGeneratorTest.instant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.cli.Css;
import dev.successscore.cli.client.SuiteTarget;
import dev.successscore.cli.suite.LocalSuite;
import dev.successscore.cli.suite.SuitePorts;
import dev.successscore.runtime.config.Settings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.score.v1.AlertKind;
import successscore.score.v1.AppliedCategoryWeight;
import successscore.score.v1.Band;
import successscore.score.v1.CategoryScore;
import successscore.score.v1.GetScoreRequest;
import successscore.score.v1.ListScoresRequest;
import successscore.score.v1.ListScoresResponse;
import successscore.score.v1.Score;
import successscore.score.v1.ScoreServiceGrpc;
import successscore.score.v1.ScoreState;
import successscore.score.v1.SignalScore;
import successscore.signal.v1.AdoptionLevel;
import successscore.signal.v1.Category;
import successscore.usage.v1.GetAdoptionRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * {@code css demo} against the real suite in process: the story told by score-service's API, and a second load that
 * changes no score.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndTest {

    private static final long SEED = 7;

    @TempDir
    static Path dataDirectory;

    private LocalSuite suite;
    private ManagedChannel scoreChannel;
    private ManagedChannel usageChannel;
    private ScoreServiceGrpc.ScoreServiceBlockingStub scores;
    private Instant now;
    private DemoData data;
    private Run firstLoad;
    private Duration firstLoadTook;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    void startTheSuiteAndLoadTheDemo() throws InterruptedException {
        // the services roll their windows at UTC midnight and re-measure every tenant: start after it, not before
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        if (Duration.between(Instant.now(), midnight).compareTo(Duration.ofMinutes(3)) < 0) {
            Thread.sleep(Duration.between(Instant.now(), midnight).plusSeconds(5).toMillis());
        }
        suite = LocalSuite.start(dataDirectory, SuitePorts.ANY, Settings.of(Map.of(
                "CSS_USAGE_MEASURE_DELAY", "1s",
                "CSS_HEALTH_MEASURE_DELAY", "200ms",
                "CSS_EXPERTISE_MEASURE_DELAY", "200ms",
                "CSS_EXPERTISE_DISCOVERY_INTERVAL", "1s")));
        scoreChannel = ManagedChannelBuilder.forTarget(suite.target("score-service")).usePlaintext().build();
        usageChannel = ManagedChannelBuilder.forTarget(suite.target("usage-service")).usePlaintext().build();
        scores = ScoreServiceGrpc.newBlockingStub(scoreChannel);
        now = Instant.now();
        data = DemoGenerator.generate(SEED, now, DemoGenerator.MIN_TENANTS);
        long started = System.nanoTime();
        firstLoad = demo();
        firstLoadTook = Duration.ofNanos(System.nanoTime() - started);
    }

    @AfterAll
    void stop() {
        if (scoreChannel != null) {
            scoreChannel.shutdownNow();
            usageChannel.shutdownNow();
        }
        if (suite != null) {
            suite.close();
        }
    }

    /** {@code css demo} with the suite's ports and this test's seed and instant. */
    private Run demo(String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = Css.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("demo",
                "--target", suite.target("score-service"),
                "--usage-target", suite.target("usage-service"),
                "--expertise-target", suite.target("expertise-service"),
                "--health-target", suite.target("health-service"),
                "--seed", Long.toString(SEED),
                "--now", now.toString(),
                "--wait", "90s"));
        args.addAll(List.of(more));
        int exit = line.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Score score(String tenant) {
        return scores.getScore(GetScoreRequest.newBuilder().setTenantId(tenant).build()).getScore();
    }

    private Map<String, Score> scores(Persona persona) {
        Map<String, Score> found = new LinkedHashMap<>();
        data.tenants(persona).forEach(t -> found.put(t.id(), score(t.id())));
        assertThat(found).as("tenants of %s", persona).isNotEmpty();
        return found;
    }

    private static CategoryScore category(Score score, Category category) {
        return score.getCategoriesList().stream().filter(c -> c.getCategory() == category).findFirst()
                .orElseThrow(() -> new AssertionError(score.getTenantId() + " has no " + category));
    }

    private static SignalScore signal(CategoryScore category, String key) {
        return category.getSignalsList().stream().filter(s -> s.getKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(category.getCategory() + " has no signal " + key));
    }

    private static BigDecimal decimal(String value) {
        return new BigDecimal(value);
    }

    private static boolean hasOpenAlert(Score score, AlertKind kind) {
        return score.getOpenAlertsList().stream().anyMatch(a -> a.getKind() == kind);
    }

    @Test
    void theDemoLoadsWithoutRefusalsAndPrintsEveryTenant() {
        assertThat(firstLoad.exitCode()).as("exit code; err:%n%s", firstLoad.err()).isZero();
        assertThat(firstLoad.err()).doesNotContain("refused").doesNotContain("did not reflect");
        assertThat(firstLoad.out()).contains("TENANT", "LATEST ALERT", "The story:");
        data.tenants().forEach(t -> assertThat(firstLoad.out()).contains(t.id()));
        System.out.printf("The demo's first load: %,d activity records, %,d credits, %,d alerts for %d tenants, "
                        + "loaded and scored in %.1f s%n%s%n%s%n", data.activityCount(), data.creditCount(),
                data.alertCount(), data.tenants().size(), firstLoadTook.toMillis() / 1000.0, firstLoad.err(),
                firstLoad.out());
    }

    @Test
    void atLeastFiftyTenantsAreScoredFromEveryCategoryTheyHave() {
        List<Score> listed = new ArrayList<>();
        String page = "";
        do {
            ListScoresResponse response = scores.listScores(ListScoresRequest.newBuilder().setPageSize(100)
                    .setPageToken(page).build());
            listed.addAll(response.getScoresList());
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        assertThat(listed.stream().filter(s -> s.getState() == ScoreState.SCORE_STATE_SCORED).count())
                .isGreaterThanOrEqualTo(50);
        for (DemoTenant tenant : data.tenants()) {
            Score score = score(tenant.id());
            assertThat(score.getState()).as(tenant.id()).isEqualTo(ScoreState.SCORE_STATE_SCORED);
            assertThat(category(score, Category.CATEGORY_PRODUCT_ADOPTION).getAvailable()).as(tenant.id()).isTrue();
            assertThat(category(score, Category.CATEGORY_CUSTOMER_EXPERTISE).getAvailable()).as(tenant.id())
                    .isTrue();
            assertThat(category(score, Category.CATEGORY_TECHNICAL_HEALTH).getAvailable()).as(tenant.id())
                    .isEqualTo(tenant.monitored());
        }
    }

    @Test
    void deepAdoptersAreHealthyWithDeepAdoption() {
        scores(Persona.DEEP_ADOPTER).forEach((tenant, score) -> {
            assertThat(score.getBand()).as(tenant).isEqualTo(Band.BAND_HEALTHY);
            assertThat(category(score, Category.CATEGORY_PRODUCT_ADOPTION).getAdoptionLevel()).as(tenant)
                    .isEqualTo(AdoptionLevel.ADOPTION_LEVEL_DEEP_ADOPTION);
            assertThat(weights(score)).as(tenant).isEqualTo(Map.of(Category.CATEGORY_PRODUCT_ADOPTION, 50,
                    Category.CATEGORY_CUSTOMER_EXPERTISE, 20, Category.CATEGORY_TECHNICAL_HEALTH, 30));
        });
    }

    @Test
    void stuckTenantsStayAtTheFirstAdoptionLevel() {
        scores(Persona.STUCK_LEVEL1).forEach((tenant, score) -> {
            CategoryScore adoption = category(score, Category.CATEGORY_PRODUCT_ADOPTION);
            assertThat(adoption.getAdoptionLevel()).as(tenant).isEqualTo(AdoptionLevel.ADOPTION_LEVEL_USAGE);
            assertThat(signal(adoption, "feature_breadth").getScore()).as(tenant).isLessThan(40);
            assertThat(score.getBand()).as(tenant).isNotEqualTo(Band.BAND_HEALTHY);
        });
    }

    @Test
    void steadyTenantsHaveBasicAdoption() {
        scores(Persona.STEADY_BASIC).forEach((tenant, score) -> assertThat(
                category(score, Category.CATEGORY_PRODUCT_ADOPTION).getAdoptionLevel()).as(tenant)
                .isEqualTo(AdoptionLevel.ADOPTION_LEVEL_BASIC_ADOPTION));
    }

    @Test
    void theDropoutAloneHasAnOpenEngagementDropAlert() {
        Score dropout = score("daily-dropout");
        assertThat(hasOpenAlert(dropout, AlertKind.ALERT_KIND_ENGAGEMENT_DROP)).isTrue();
        assertThat(dropout.getOpenAlertsList()).filteredOn(a -> a.getKind() == AlertKind.ALERT_KIND_ENGAGEMENT_DROP)
                .singleElement().satisfies(a -> assertThat(a.getMessage()).contains("last 7 days"));
        assertThat(UsageServiceGrpc.newBlockingStub(usageChannel).getAdoption(GetAdoptionRequest.newBuilder()
                .setTenantId("daily-dropout").build()).getEngagementDropped()).isTrue();
        for (DemoTenant tenant : data.tenants()) {
            if (tenant.persona() != Persona.DAILY_DROPOUT) {
                assertThat(hasOpenAlert(score(tenant.id()), AlertKind.ALERT_KIND_ENGAGEMENT_DROP)).as(tenant.id())
                        .isFalse();
            }
        }
    }

    @Test
    void onboardingTenantsHaveTheirFewUsersActive() {
        scores(Persona.ONBOARDING).forEach((tenant, score) -> {
            SignalScore activation = signal(category(score, Category.CATEGORY_PRODUCT_ADOPTION),
                    "license_activation");
            assertThat(decimal(activation.getEvidence().getNumerator())).as(tenant)
                    .isEqualByComparingTo(BigDecimal.valueOf(data.tenant(tenant).users().size()));
            assertThat(decimal(activation.getEvidence().getDenominator())).as(tenant)
                    .isEqualByComparingTo(BigDecimal.valueOf(data.tenant(tenant).entitlements().getLicensedSeats()));
            assertThat(category(score, Category.CATEGORY_PRODUCT_ADOPTION).getAdoptionLevel()).as(tenant)
                    .isNotEqualTo(AdoptionLevel.ADOPTION_LEVEL_DEEP_ADOPTION);
        });
    }

    @Test
    void tenantsWithoutMonitoringAreScoredWithTheSeventyThirtyTable() {
        scores(Persona.NO_MONITORING).forEach((tenant, score) -> {
            assertThat(category(score, Category.CATEGORY_TECHNICAL_HEALTH).getAvailable()).as(tenant).isFalse();
            assertThat(score.getWeightTable().getFromPolicyTable()).as(tenant).isTrue();
            assertThat(weights(score)).as(tenant).isEqualTo(Map.of(Category.CATEGORY_PRODUCT_ADOPTION, 70,
                    Category.CATEGORY_CUSTOMER_EXPERTISE, 30));
            BigDecimal adoption = decimal(category(score, Category.CATEGORY_PRODUCT_ADOPTION).getScore());
            BigDecimal expertise = decimal(category(score, Category.CATEGORY_CUSTOMER_EXPERTISE).getScore());
            BigDecimal expected = new BigDecimal("0.7").multiply(adoption)
                    .add(new BigDecimal("0.3").multiply(expertise)).setScale(1, RoundingMode.HALF_EVEN);
            assertThat(decimal(score.getComposite())).as(tenant).isEqualByComparingTo(expected);
        });
    }

    @Test
    void theAlertStormHasTheLowestTechnicalHealth() {
        Score storm = score("alert-storm");
        BigDecimal stormHealth = decimal(category(storm, Category.CATEGORY_TECHNICAL_HEALTH).getScore());
        assertThat(stormHealth).isLessThan(new BigDecimal("40"));
        assertThat(storm.getBand()).isNotEqualTo(Band.BAND_HEALTHY);
        for (DemoTenant tenant : data.tenants()) {
            if (tenant.monitored() && tenant.persona() != Persona.ALERT_STORM) {
                BigDecimal health = decimal(category(score(tenant.id()), Category.CATEGORY_TECHNICAL_HEALTH)
                        .getScore());
                assertThat(health).as(tenant.id()).isGreaterThan(stormHealth);
            }
        }
    }

    @Test
    void expiredCertificationsNoLongerCount() {
        Instant at = Instant.now();
        scores(Persona.CERTS_EXPIRING).forEach((tenant, score) -> {
            List<Credit> certifications = credits(data.tenant(tenant)).stream()
                    .filter(c -> c.getKind() == CreditKind.CREDIT_KIND_CERTIFICATION).toList();
            Set<String> everCertified = certifications.stream().map(Credit::getUserId).collect(Collectors.toSet());
            Set<String> holding = certifications.stream().filter(c -> instant(c.getExpiresAt()).isAfter(at))
                    .map(Credit::getUserId).collect(Collectors.toSet());
            SignalScore coverage = signal(category(score, Category.CATEGORY_CUSTOMER_EXPERTISE),
                    "certification_coverage");
            assertThat(holding).as(tenant).hasSizeLessThan(everCertified.size());
            assertThat(decimal(coverage.getEvidence().getNumerator())).as(tenant)
                    .isEqualByComparingTo(BigDecimal.valueOf(holding.size()));
        });
    }

    @Test
    void loadingAgainChangesNoScore() {
        Map<String, String> before = new HashMap<>();
        data.tenants().forEach(t -> {
            Score score = score(t.id());
            before.put(t.id(), score.getPosition() + " " + score.getHash());
        });

        Run again = demo("--json");

        assertThat(again.exitCode()).as("exit code; err:%n%s", again.err()).isZero();
        assertThat(again.err()).contains("0 new activity records, 0 new credits, 0 new alerts")
                .doesNotContain("refused");
        assertThat(again.out().lines().toList()).hasSize(data.tenants().size())
                .allSatisfy(line -> assertThat(line).startsWith("{\"tenantId\":"));
        Map<String, String> after = new HashMap<>();
        data.tenants().forEach(t -> {
            Score score = score(t.id());
            after.put(t.id(), score.getPosition() + " " + score.getHash());
        });
        assertThat(after).isEqualTo(before);
    }

    @Test
    void runWithDemoLeavesASuiteWithScoresAlone() {
        StringWriter out = new StringWriter();
        SuiteTarget target = SuiteTarget.of(suite.target("score-service"), suite.target("usage-service"),
                suite.target("expertise-service"), suite.target("health-service"), Duration.ofSeconds(10));

        boolean loaded = Demo.loadIfEmpty(target, SEED + 1, Instant.now(), new PrintWriter(out, true));

        assertThat(loaded).isFalse();
        assertThat(out.toString()).contains("has scores already");
        assertThat(scores.getScore(GetScoreRequest.newBuilder().setTenantId("deep-adopter-01").build()).getScore()
                .getState()).isEqualTo(ScoreState.SCORE_STATE_SCORED);
    }

    private static Map<Category, Integer> weights(Score score) {
        return score.getWeightTable().getWeightsList().stream().collect(Collectors.toMap(
                AppliedCategoryWeight::getCategory, w -> new BigDecimal(w.getWeight()).intValueExact()));
    }
}
