package dev.successscore.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.health.v1.Alert;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;
import successscore.usage.v1.Activity;
import successscore.usage.v1.RecordActivitiesRequest;

class DemoGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:34:56Z");
    /** usage-service refuses activity older than this. */
    private static final Duration ACTIVITY_RETENTION = Duration.ofDays(396);

    @Test
    void theSameSeedAndDayGiveTheSameRequests() {
        DemoData first = DemoGenerator.generate(7, NOW, 50);
        DemoData again = DemoGenerator.generate(7, NOW, 50);
        DemoData laterThatDay = DemoGenerator.generate(7, NOW.plus(Duration.ofHours(9)), 50);

        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(laterThatDay.digest()).isEqualTo(first.digest());
        assertThat(again.tenants()).isEqualTo(first.tenants());
    }

    @Test
    void anotherSeedOrDayGivesOtherRequests() {
        String seven = DemoGenerator.generate(7, NOW, 50).digest();

        assertThat(DemoGenerator.generate(8, NOW, 50).digest()).isNotEqualTo(seven);
        assertThat(DemoGenerator.generate(7, NOW.plus(Duration.ofDays(1)), 50).digest()).isNotEqualTo(seven);
    }

    @Test
    void aTenantsDataDoesNotDependOnHowManyTenantsThereAre() {
        DemoData fifty = DemoGenerator.generate(7, NOW, 50);
        DemoData eighty = DemoGenerator.generate(7, NOW, 80);

        assertThat(eighty.tenants()).hasSizeGreaterThan(fifty.tenants().size());
        for (DemoTenant tenant : fifty.tenants()) {
            assertThat(eighty.tenant(tenant.id())).isEqualTo(tenant);
        }
    }

    @Test
    void fewerThanFiftyTenantsAreRefused() {
        assertThatThrownBy(() -> DemoGenerator.generate(7, NOW, 49)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 73})
    void everyPersonaHasItsTenantsWithDistinctIds(int count) {
        DemoData data = DemoGenerator.generate(11, NOW, count);

        assertThat(data.tenants()).hasSize(count);
        assertThat(data.tenants().stream().map(DemoTenant::id).collect(Collectors.toSet())).hasSize(count);
        assertThat(data.tenants().stream().map(DemoTenant::persona).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Persona.values());
        assertThat(data.tenants(Persona.DAILY_DROPOUT)).extracting(DemoTenant::id).containsExactly("daily-dropout");
        assertThat(data.tenants(Persona.ALERT_STORM)).extracting(DemoTenant::id).containsExactly("alert-storm");
        data.tenants().forEach(t -> assertThat(Persona.of(t.id())).isEqualTo(t.persona()));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, -5, 123456789})
    void everythingLiesInThirteenMonthsBeforeNowAndBatchesStayUnderTheCap(long seed) {
        DemoData data = DemoGenerator.generate(seed, NOW, 50);
        Instant oldest = NOW.minus(ACTIVITY_RETENTION).plus(Duration.ofDays(5));

        assertThat(data.activityCount()).isBetween(50_000L, 300_000L);
        for (DemoTenant tenant : data.tenants()) {
            List<RecordActivitiesRequest> batches = tenant.activityBatches();
            assertThat(batches).isNotEmpty();
            for (int i = 0; i < batches.size(); i++) {
                RecordActivitiesRequest batch = batches.get(i);
                assertThat(batch.getTenantId()).isEqualTo(tenant.id());
                assertThat(batch.getActivitiesCount()).isBetween(i == batches.size() - 1 ? 1 : 1_000, 5_000);
            }
            Set<String> ids = new HashSet<>();
            for (Activity activity : activities(tenant)) {
                assertThat(ids.add(activity.getActivityId())).as("activity id %s of %s once",
                        activity.getActivityId(), tenant.id()).isTrue();
                assertThat(instant(activity.getOccurredAt())).isBetween(oldest, NOW);
                assertThat(activity.getActivityId().length()).isLessThanOrEqualTo(64);
            }
            tenant.creditBatches().forEach(b -> assertThat(b.getCreditsCount()).isBetween(1, 5_000));
            for (Credit credit : credits(tenant)) {
                assertThat(instant(credit.getEarnedAt())).isBetween(oldest, NOW);
                if (credit.hasExpiresAt()) {
                    assertThat(credit.getKind()).isEqualTo(CreditKind.CREDIT_KIND_CERTIFICATION);
                    assertThat(instant(credit.getExpiresAt())).isAfter(instant(credit.getEarnedAt()));
                }
            }
            tenant.alertBatches().forEach(b -> assertThat(b.getAlertsCount()).isBetween(1, 5_000));
            for (Alert alert : alerts(tenant)) {
                assertThat(instant(alert.getOpenedAt())).isBetween(oldest, NOW);
                if (alert.hasResolvedAt()) {
                    assertThat(instant(alert.getResolvedAt())).isBetween(instant(alert.getOpenedAt()), NOW);
                }
            }
            tenant.heartbeat().ifPresent(h -> assertThat(instant(h.getObservedAt())).isBetween(oldest, NOW));
        }
    }

    /** The spec's engagement-drop rule, measured today: fires for the dropout, and for no other tenant. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2024, 99})
    void onlyTheDropoutsEngagementDrops(long seed) {
        DemoData data = DemoGenerator.generate(seed, NOW, 50);
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

        for (DemoTenant tenant : data.tenants()) {
            Set<String> userDays = activities(tenant).stream()
                    .map(a -> a.getUserId() + "@" + LocalDate.ofInstant(instant(a.getOccurredAt()), ZoneOffset.UTC))
                    .collect(Collectors.toSet());
            LocalDate first = activities(tenant).stream()
                    .map(a -> LocalDate.ofInstant(instant(a.getOccurredAt()), ZoneOffset.UTC))
                    .min(LocalDate::compareTo).orElseThrow();
            long recent = countDays(userDays, today.minusDays(7), today.minusDays(1));
            long baseline = countDays(userDays, today.minusDays(97), today.minusDays(8));
            boolean history = !first.isAfter(today.minusDays(97));
            boolean dropped = history && recent * 90 * 2 < baseline * 7;
            assertThat(dropped).as("engagement drop of %s (recent %s, baseline %s)", tenant.id(), recent, baseline)
                    .isEqualTo(tenant.persona() == Persona.DAILY_DROPOUT);
            if (tenant.persona() == Persona.DAILY_DROPOUT) {
                assertThat(first).isBeforeOrEqualTo(today.minusDays(360));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42})
    void personasHaveTheDataTheirStoryNeeds(long seed) {
        DemoData data = DemoGenerator.generate(seed, NOW, 50);
        Instant windowStart = data.dataEnd().minus(Duration.ofDays(27));

        for (DemoTenant tenant : data.tenants(Persona.STUCK_LEVEL1)) {
            Set<String> featuresUsed = activities(tenant).stream()
                    .filter(a -> !instant(a.getOccurredAt()).isBefore(windowStart))
                    .map(Activity::getFeature).filter(f -> !f.isEmpty()).collect(Collectors.toSet());
            // feature_breadth below 40: never basic adoption
            assertThat(featuresUsed.size() * 100)
                    .isLessThan(40 * tenant.entitlements().getEnabledFeaturesCount());
        }
        for (DemoTenant tenant : data.tenants(Persona.ONBOARDING)) {
            assertThat(tenant.users()).hasSizeBetween(1, 6);
            assertThat(activities(tenant)).allSatisfy(a -> assertThat(instant(a.getOccurredAt()))
                    .isAfter(NOW.minus(Duration.ofDays(45))));
            assertThat(activeUsers(tenant, windowStart)).isEqualTo(tenant.users().size());
        }
        for (DemoTenant tenant : data.tenants(Persona.DEEP_ADOPTER)) {
            assertThat(tenant.monitored()).isTrue();
            assertThat(activeUsers(tenant, windowStart) * 100)
                    .isGreaterThanOrEqualTo(70 * tenant.entitlements().getLicensedSeats());
        }
        assertThat(data.tenants(Persona.NO_MONITORING)).isNotEmpty().allSatisfy(t -> {
            assertThat(t.monitored()).isFalse();
            assertThat(t.heartbeat()).isEmpty();
        });
        for (DemoTenant tenant : data.tenants()) {
            if (tenant.persona() != Persona.NO_MONITORING) {
                assertThat(tenant.monitored()).as(tenant.id()).isTrue();
            }
            assertThat(tenant.creditCount()).as("credits of %s", tenant.id()).isPositive();
        }

        DemoTenant storm = data.tenant("alert-storm");
        Map<Subcategory, Long> recentSevere = alerts(storm).stream()
                .filter(a -> instant(a.getOpenedAt()).isAfter(data.dataEnd().minus(Duration.ofDays(3))))
                .filter(a -> a.getSeverity() == Severity.SEVERITY_CRITICAL
                        || a.getSeverity() == Severity.SEVERITY_MAJOR)
                .collect(Collectors.groupingBy(Alert::getSubcategory, Collectors.counting()));
        assertThat(recentSevere.keySet()).isEqualTo(EnumSet.of(Subcategory.SUBCATEGORY_PERFORMANCE,
                Subcategory.SUBCATEGORY_RELIABILITY, Subcategory.SUBCATEGORY_SECURITY, Subcategory.SUBCATEGORY_LIMITS));
        assertThat(recentSevere.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(4));

        for (DemoTenant tenant : data.tenants(Persona.CERTS_EXPIRING)) {
            List<Credit> certifications = credits(tenant).stream()
                    .filter(c -> c.getKind() == CreditKind.CREDIT_KIND_CERTIFICATION).toList();
            long expiringThisWeek = certifications.stream().map(c -> instant(c.getExpiresAt()))
                    .filter(e -> e.isAfter(NOW) && e.isBefore(NOW.plus(Duration.ofDays(7)))).count();
            long expired = certifications.stream().filter(c -> !instant(c.getExpiresAt()).isAfter(NOW)).count();
            assertThat(expiringThisWeek).as("certifications of %s expiring this week", tenant.id())
                    .isGreaterThanOrEqualTo(2);
            assertThat(expired).as("expired certifications of %s", tenant.id()).isGreaterThanOrEqualTo(1);
        }
    }

    private static long activeUsers(DemoTenant tenant, Instant since) {
        return activities(tenant).stream().filter(a -> !instant(a.getOccurredAt()).isBefore(since))
                .map(Activity::getUserId).distinct().count();
    }

    private static long countDays(Set<String> userDays, LocalDate from, LocalDate to) {
        return userDays.stream().map(s -> LocalDate.parse(s.substring(s.indexOf('@') + 1)))
                .filter(d -> !d.isBefore(from) && !d.isAfter(to)).count();
    }

    static List<Activity> activities(DemoTenant tenant) {
        return flat(tenant.activityBatches(), RecordActivitiesRequest::getActivitiesList);
    }

    static List<Credit> credits(DemoTenant tenant) {
        return flat(tenant.creditBatches(), successscore.expertise.v1.RecordCreditsRequest::getCreditsList);
    }

    static List<Alert> alerts(DemoTenant tenant) {
        return flat(tenant.alertBatches(), successscore.health.v1.ReportAlertsRequest::getAlertsList);
    }

    private static <B, T> List<T> flat(List<B> batches, Function<B, List<T>> items) {
        return batches.stream().flatMap(b -> items.apply(b).stream()).toList();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    @Test
    void dataEndsAtTheStartOfNowsDay() {
        DemoData data = DemoGenerator.generate(7, NOW, 50);

        assertThat(data.dataEnd()).isEqualTo(NOW.truncatedTo(ChronoUnit.DAYS));
        assertThat(data.tenants()).allSatisfy(t -> assertThat(activities(t))
                .allSatisfy(a -> assertThat(instant(a.getOccurredAt())).isBefore(data.dataEnd())));
    }
}
