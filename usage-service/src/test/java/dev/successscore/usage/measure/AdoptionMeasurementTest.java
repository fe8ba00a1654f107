package dev.successscore.usage.measure;

import static dev.successscore.usage.UsageServiceHarness.activity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.usage.Tenants;
import dev.successscore.usage.UsageServiceHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.signal.v1.AdoptionLevel;
import successscore.signal.v1.Signal;
import successscore.usage.v1.Activity;
import successscore.usage.v1.AdoptionMeasurement;
import successscore.usage.v1.GetAdoptionRequest;
import successscore.usage.v1.GetAdoptionResponse;
import successscore.usage.v1.ListAdoptionMeasurementsRequest;
import successscore.usage.v1.OrgLevel;

/** Measurements from raw activity through rollups, on real PostgreSQL, read back through the API. */
class AdoptionMeasurementTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private UsageServiceHarness usage;

    @BeforeEach
    void start() {
        usage = new UsageServiceHarness(NOW);
    }

    @AfterEach
    void stop() {
        usage.close();
    }

    private GetAdoptionResponse adoption(String tenant) {
        return usage.usage().getAdoption(GetAdoptionRequest.newBuilder().setTenantId(tenant).build());
    }

    private static Map<String, Integer> scores(AdoptionMeasurement m) {
        return m.getSignalsList().stream().filter(Signal::hasScore)
                .collect(Collectors.toMap(Signal::getKey, Signal::getScore));
    }

    private long recorded(String tenant) {
        return usage.count("SELECT count(*) FROM usage_measurement WHERE tenant_id = ?", tenant);
    }

    @Test
    void workedExampleFromRawActivity() {
        Tenants.workedExample(usage, "acme", NOW);
        assertThat(usage.measureDue()).isEqualTo(1);

        AdoptionMeasurement m = adoption("acme").getMeasurement();
        assertThat(scores(m)).containsExactlyInAnyOrderEntriesOf(Map.of("license_activation", 75,
                "department_coverage", 80, "feature_breadth", 60, "usage_frequency", 60, "executive_exposure", 100));
        assertThat(m.getSignalsList()).anySatisfy(s -> {
            assertThat(s.getKey()).isEqualTo("active_user_growth");
            assertThat(s.hasScore()).isFalse();
        });
        assertThat(m.getLevel()).isEqualTo(AdoptionLevel.ADOPTION_LEVEL_BASIC_ADOPTION);
        assertThat(m.getActiveUsers()).isEqualTo(30);
        assertThat(m.getWindowStart().getSeconds())
                .isEqualTo(Instant.parse("2026-02-03T00:00:00Z").getEpochSecond());
    }

    @Test
    void measuringAgainWithoutChangeRecordsNothing() {
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        usage.clock.advance(Duration.ofHours(25));
        assertThat(usage.measureDue()).as("the daily re-measurement runs").isEqualTo(1);
        assertThat(recorded("acme")).isEqualTo(1);
        assertThat(adoption("acme").getLastEvaluatedAt().getSeconds()).isEqualTo(usage.clock.instant().getEpochSecond());
    }

    @Test
    void newActivityMarksTheTenantAndChangesTheMeasurement() {
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        assertThat(usage.measureDue()).as("nothing new, nothing due").isZero();

        // ten more users (not in the directory) active on the same 12 days: 40 of 40 seats
        usage.record("acme", Tenants.twelveDays("acme", 31, 40, usage.clock.instant()));
        assertThat(usage.measureDue()).isEqualTo(1);

        AdoptionMeasurement m = adoption("acme").getMeasurement();
        assertThat(scores(m)).containsEntry("license_activation", 100)
                .containsEntry("department_coverage", 80)
                .containsEntry("executive_exposure", 100);
        assertThat(recorded("acme")).isEqualTo(2);
    }

    @Test
    void lateActivityInsideTheWindowCountsAndTriggersRemeasurement() {
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        // activity from 20 days ago on a feature nobody had used: breadth 7 of 10
        usage.record("acme", List.of(activity("late-1", Tenants.user(3), "f07",
                NOW.minus(Duration.ofDays(20)))));
        assertThat(usage.measureDue()).isEqualTo(1);
        assertThat(scores(adoption("acme").getMeasurement())).containsEntry("feature_breadth", 70);
    }

    @Test
    void registeringAnActiveUserMovesDepartmentsAndExposure() {
        usage.entitle("solo", 4, List.of("a"));
        usage.register("solo", "boss", "board", OrgLevel.ORG_LEVEL_EXECUTIVE);
        usage.record("solo", List.of(activity("1", "boss", "a", NOW), activity("2", "newbie", "a", NOW)));
        usage.measureDue();
        assertThat(scores(adoption("solo").getMeasurement())).containsEntry("license_activation", 50)
                .containsEntry("department_coverage", 100).containsEntry("executive_exposure", 0);

        usage.register("solo", "newbie", "sales", OrgLevel.ORG_LEVEL_MANAGER);
        assertThat(usage.measureDue()).isEqualTo(1);
        assertThat(scores(adoption("solo").getMeasurement())).containsEntry("department_coverage", 100)
                .containsEntry("executive_exposure", 50);
    }

    @Test
    void growthUsesPreviousWindowsFromRollups() {
        usage.entitle("grow", 100, List.of("a"));
        List<Activity> activities = new ArrayList<>();
        // 12 users active 40 days ago (previous window 1), 15 users active today
        for (int u = 0; u < 12; u++) {
            activities.add(activity("old-" + u, "u" + u, "a", NOW.minus(Duration.ofDays(40))));
        }
        for (int u = 0; u < 15; u++) {
            activities.add(activity("new-" + u, "u" + u, "a", NOW.minus(Duration.ofHours(1))));
        }
        usage.record("grow", activities);
        usage.measureDue();
        assertThat(scores(adoption("grow").getMeasurement())).containsEntry("active_user_growth", 62);
    }

    @Test
    void engagementDropIsDetectedAfterNinetyDaysOfHistory() {
        usage.entitle("fading", 20, List.of("a"));
        List<Activity> activities = new ArrayList<>();
        // 10 users every day from 110 days ago up to 8 days ago, then one user a day
        for (int d = 110; d >= 1; d--) {
            int users = d >= 8 ? 10 : 1;
            for (int u = 0; u < users; u++) {
                activities.add(activity("a-" + d + "-" + u, "u" + u, "a", NOW.minus(Duration.ofDays(d))));
            }
        }
        for (int from = 0; from < activities.size(); from += 5000) {
            usage.record("fading", activities.subList(from, Math.min(activities.size(), from + 5000)));
        }
        usage.measureDue();
        assertThat(adoption("fading").getEngagementDropped()).isTrue();
        assertThat(usage.count("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%EngagementChangedEvent'"))
                .isEqualTo(1);
    }

    @Test
    void noEngagementDropWithoutNinetyDaysOfHistory() {
        usage.entitle("young", 20, List.of("a"));
        List<Activity> activities = new ArrayList<>();
        for (int d = 60; d >= 8; d--) {
            for (int u = 0; u < 10; u++) {
                activities.add(activity("a-" + d + "-" + u, "u" + u, "a", NOW.minus(Duration.ofDays(d))));
            }
        }
        usage.record("young", activities);
        usage.measureDue();
        assertThat(adoption("young").getEngagementDropped()).isFalse();
    }

    @Test
    void historyIsListedNewestFirstInPages() {
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        usage.record("acme", List.of(activity("x1", Tenants.user(3), "f07", usage.clock.instant())));
        usage.measureDue();
        usage.record("acme", List.of(activity("x2", Tenants.user(3), "f08", usage.clock.instant())));
        usage.measureDue();
        var first = usage.usage().listAdoptionMeasurements(ListAdoptionMeasurementsRequest.newBuilder()
                .setTenantId("acme").setPageSize(2).build());
        assertThat(first.getMeasurementsList()).hasSize(2);
        assertThat(scores(first.getMeasurements(0))).containsEntry("feature_breadth", 80);
        var second = usage.usage().listAdoptionMeasurements(ListAdoptionMeasurementsRequest.newBuilder()
                .setTenantId("acme").setPageSize(2).setPageToken(first.getNextPageToken()).build());
        assertThat(second.getMeasurementsList()).hasSize(1);
        assertThat(scores(second.getMeasurements(0))).containsEntry("feature_breadth", 60);
        assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void aTenantBeingMeasuredByAnotherReplicaIsSkipped() throws Exception {
        Tenants.workedExample(usage, "acme", NOW);
        usage.clock.advance(usage.pastMeasureDelay());
        // another replica holds the claim on the tenant's row
        try (var connection = usage.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("SELECT 1 FROM usage_tenant WHERE tenant_id = 'acme' FOR UPDATE");
            }
            assertThat(usage.service.measurements().measureIfDue("acme")).isFalse();
            connection.rollback();
        }
        assertThat(usage.service.measurements().measureIfDue("acme")).isTrue();
        assertThat(recorded("acme")).isEqualTo(1);
    }

    @Test
    void theWindowIsTheTwentyEightDaysEndingToday() {
        usage.entitle("edges", 10, List.of("a", "b", "c"));
        Instant today = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        usage.record("edges", List.of(
                activity("in", "first", "a", today.minus(Duration.ofDays(27))),
                activity("out", "before", "b", today.minus(Duration.ofDays(28)).plus(Duration.ofHours(23)))));
        usage.measureDue();
        AdoptionMeasurement m = adoption("edges").getMeasurement();
        assertThat(m.getActiveUsers()).isEqualTo(1);
        assertThat(scores(m)).containsEntry("feature_breadth", 33);
    }

    @Test
    void currentAdoptionCarriesTheLatestEvidenceEvenWhenNothingWasRecorded() {
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        // one more active day for one user: 361 of 600 possible days is still 60
        usage.record("acme", List.of(activity("extra", Tenants.user(5), "f01", NOW.minus(Duration.ofDays(15)))));
        assertThat(usage.measureDue()).isEqualTo(1);
        assertThat(recorded("acme")).isEqualTo(1);
        GetAdoptionResponse current = adoption("acme");
        Signal frequency = current.getMeasurement().getSignalsList().stream()
                .filter(s -> s.getKey().equals("usage_frequency")).findFirst().orElseThrow();
        assertThat(frequency.getEvidence().getNumerator()).isEqualTo("361");
        assertThat(current.getMeasurement().getMeasuredAt()).isEqualTo(current.getLastEvaluatedAt());
        assertThat(current.getLastRecordedAt().getSeconds()).isLessThan(current.getLastEvaluatedAt().getSeconds());
    }

    @Test
    void activityStampedOnTheNextDayIsMeasuredOnceThatDayBegins() {
        usage.clock.set(Instant.parse("2026-03-02T23:58:00Z"));
        usage.entitle("midnight", 10, List.of("a"));
        usage.record("midnight", List.of(activity("early", "u1", "a", Instant.parse("2026-03-03T00:02:00Z"))));
        usage.measureDue();
        assertThat(adoption("midnight").getMeasurement().getActiveUsers()).isZero();
        Instant due = usage.jdbc.queryForObject("SELECT measure_due_at FROM usage_tenant WHERE tenant_id = 'midnight'",
                java.sql.Timestamp.class).toInstant();
        assertThat(due).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        // something new today is still measured after the delay, not at midnight
        usage.record("midnight", List.of(activity("today", "u2", "a", usage.clock.instant())));
        assertThat(usage.measureDue()).isEqualTo(1);
        assertThat(adoption("midnight").getMeasurement().getActiveUsers()).isEqualTo(1);
        usage.clock.set(Instant.parse("2026-03-03T00:05:00Z"));
        assertThat(usage.measureDue()).isEqualTo(1);
        assertThat(adoption("midnight").getMeasurement().getActiveUsers()).as("u1 on the new day and u2").isEqualTo(2);
    }

    @Test
    void tenantsWithSomethingNewComeBeforeTheDailyRemeasurement() {
        usage.entitle("quiet", 10, List.of("a"));
        usage.entitle("busy", 10, List.of("a"));
        usage.measureDue();
        usage.clock.advance(Duration.ofDays(1));
        usage.service.measurements().markDailyDue(usage.clock.instant());
        usage.record("busy", List.of(activity("b1", "u1", "a", usage.clock.instant())));
        usage.clock.advance(usage.pastMeasureDelay());
        assertThat(usage.service.measurements().measureDue(1)).isEqualTo(1);
        assertThat(adoption("busy").getMeasurement().getActiveUsers()).isEqualTo(1);
        assertThat(usage.service.readModel().state("quiet").orElseThrow().measureDueAt()).isNotNull();
    }

    @Test
    void aTenantLoadedFromItsSnapshotKeepsWhatItRecorded() {
        usage.close();
        usage = new UsageServiceHarness(NOW, dev.successscore.usage.UsageServiceSettings.defaults()
                .withoutBackgroundMeasuring().withSnapshotThreshold(1));
        Tenants.workedExample(usage, "acme", NOW);
        usage.measureDue();
        usage.record("acme", List.of(activity("x1", Tenants.user(3), "f07", usage.clock.instant())));
        usage.measureDue();
        assertThat(usage.count("SELECT count(*) FROM snapshotevententry")).isPositive();
        // unchanged: the aggregate restored from its snapshot still knows the last fingerprint
        usage.clock.advance(Duration.ofDays(1));
        usage.measureDue();
        assertThat(recorded("acme")).isEqualTo(2);
        usage.record("acme", List.of(activity("x2", Tenants.user(3), "f08", usage.clock.instant())));
        usage.measureDue();
        assertThat(recorded("acme")).isEqualTo(3);
    }
}
