package dev.successscore.health.grpc;

import static dev.successscore.health.HealthServiceHarness.ALL;
import static dev.successscore.health.HealthServiceHarness.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.health.HealthServiceHarness;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.testing.MovableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.health.v1.Alert;
import successscore.health.v1.GetTechnicalHealthRequest;
import successscore.health.v1.GetTechnicalHealthResponse;
import successscore.health.v1.ListOpenAlertsRequest;
import successscore.health.v1.ListOpenAlertsResponse;
import successscore.health.v1.RejectedAlert;
import successscore.health.v1.ReportAlertsResponse;
import successscore.health.v1.ResolveAlertRequest;
import successscore.health.v1.Severity;
import successscore.health.v1.Subcategory;
import successscore.signal.v1.Signal;

/** health-service through its API on real PostgreSQL: signals, the 30-day window, idempotency, bad input. */
class HealthServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Subcategory PERF = Subcategory.SUBCATEGORY_PERFORMANCE;
    private static final Subcategory SEC = Subcategory.SUBCATEGORY_SECURITY;

    private HealthServiceHarness health;

    @BeforeEach
    void start() {
        health = new HealthServiceHarness(new MovableClock(NOW));
    }

    @AfterEach
    void stop() {
        health.close();
    }

    private GetTechnicalHealthResponse current(String tenant) {
        return health.health().getTechnicalHealth(GetTechnicalHealthRequest.newBuilder().setTenantId(tenant).build());
    }

    private Map<String, Integer> scores(String tenant) {
        return current(tenant).getSignalsList().stream().filter(Signal::hasScore)
                .collect(Collectors.toMap(Signal::getKey, Signal::getScore));
    }

    private long events() {
        return health.count("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%MeasurementRecordedEvent'");
    }

    private static void assertStatus(ThrowableAssert.ThrowingCallable call, Status.Code code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (field != null) {
                assertThat(GrpcErrors.fieldViolations(e)).contains(field);
            }
        });
    }

    @Test
    void heartbeatsGiveFullMarksAndAlertsDeduct() {
        health.enroll("acme", ALL);
        health.heartbeat("acme", ALL);
        health.measureDue();
        assertThat(scores("acme")).containsExactlyInAnyOrderEntriesOf(Map.of("performance", 100, "reliability", 100,
                "security", 100, "limits", 100));
        health.report("acme", List.of(alert("a1", PERF, Severity.SEVERITY_CRITICAL, NOW),
                alert("a2", SEC, Severity.SEVERITY_MINOR, NOW), alert("a3", SEC, Severity.SEVERITY_MAJOR, NOW)));
        health.measureDue();
        assertThat(scores("acme")).containsEntry("performance", 60).containsEntry("security", 80)
                .containsEntry("limits", 100);
        assertThat(events()).isEqualTo(2);
    }

    @Test
    void aResolvedAlertCountsForThirtyDaysAfterItsResolution() {
        health.enroll("acme", List.of(PERF));
        health.report("acme", List.of(alert("a1", PERF, Severity.SEVERITY_MAJOR, NOW)));
        health.measureDue();
        health.clock.advance(Duration.ofDays(1));
        health.health().resolveAlert(ResolveAlertRequest.newBuilder().setTenantId("acme").setAlertId("a1")
                .setResolvedAt(ProtoTime.timestamp(health.clock.instant())).build());
        health.measureDue();
        assertThat(scores("acme")).containsEntry("performance", 85);
        // the next due time is when the resolution leaves the window
        health.clock.advance(Duration.ofDays(29));
        health.heartbeat("acme", List.of(PERF));
        health.measureDue();
        assertThat(scores("acme")).containsEntry("performance", 85);
        health.clock.advance(Duration.ofDays(1));
        assertThat(health.measureDue()).isEqualTo(1);
        assertThat(scores("acme")).containsEntry("performance", 100);
    }

    @Test
    void technicalHealthTurnsNotAvailableThirtyDaysAfterTheLastDataAndBackOnTheNextReport() {
        health.enroll("quiet", ALL);
        health.heartbeat("quiet", ALL);
        health.measureDue();
        assertThat(current("quiet").getAvailable()).isTrue();
        health.clock.advance(Duration.ofDays(30));
        health.measureDue();
        assertThat(current("quiet").getAvailable()).isFalse();
        assertThat(current("quiet").getSignalsList()).allSatisfy(s -> assertThat(s.hasScore()).isFalse());
        health.heartbeat("quiet", List.of(SEC));
        health.measureDue();
        assertThat(scores("quiet")).containsExactly(Map.entry("security", 100));
        assertThat(events()).isEqualTo(3);
    }

    @Test
    void sameReportThreeTimesCountsOnceAndAReportWithResolutionResolves() {
        health.enroll("idem", ALL);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alerts.add(alert("a" + i, PERF, Severity.SEVERITY_MINOR, NOW.minusSeconds(i)));
        }
        ReportAlertsResponse first = health.report("idem", alerts);
        ReportAlertsResponse second = health.report("idem", alerts);
        ReportAlertsResponse third = health.report("idem", alerts);
        assertThat(first.getAcceptedCount()).isEqualTo(20);
        assertThat(first.getDuplicateCount()).isZero();
        assertThat(second.getDuplicateCount()).isEqualTo(20);
        assertThat(third.getDuplicateCount()).isEqualTo(20);
        assertThat(health.count("SELECT count(*) FROM health_alert")).isEqualTo(20);

        Alert resolved = alerts.get(0).toBuilder().setResolvedAt(ProtoTime.timestamp(NOW)).build();
        ReportAlertsResponse resolution = health.report("idem", List.of(resolved));
        assertThat(resolution.getDuplicateCount()).isZero();
        assertThat(health.count("SELECT count(*) FROM health_alert WHERE resolved_at IS NOT NULL")).isEqualTo(1);
        Alert conflicting = alerts.get(1).toBuilder().setSeverity(Severity.SEVERITY_CRITICAL).build();
        assertThat(health.report("idem", List.of(conflicting)).getRejectedList()).extracting(RejectedAlert::getField)
                .containsExactly("alerts[0].severity");
        assertThat(health.count("SELECT count(*) FROM health_alert WHERE severity = 'CRITICAL'")).isZero();
    }

    @Test
    void anOldAlertStillOpenReportedTodayIsMonitoringData() {
        health.enroll("late", List.of(PERF));
        health.report("late", List.of(alert("old", PERF, Severity.SEVERITY_CRITICAL, NOW.minus(Duration.ofDays(40)))));
        health.measureDue();
        assertThat(scores("late")).containsExactly(Map.entry("performance", 60));
    }

    @Test
    void aRetriedResolutionWithNanosecondsChangesNothing() {
        health.enroll("nano", List.of(PERF));
        health.report("nano", List.of(alert("a1", PERF, Severity.SEVERITY_MINOR, NOW)));
        ResolveAlertRequest resolve = ResolveAlertRequest.newBuilder().setTenantId("nano").setAlertId("a1")
                .setResolvedAt(ProtoTime.timestamp(NOW.plusNanos(987_654_321))).build();
        health.health().resolveAlert(resolve);
        assertThat(health.health().resolveAlert(resolve).getAlert().hasResolvedAt()).isTrue();
    }

    @Test
    void badRecordsAreRejectedNamingTheFieldAndNothingOfThemIsStored() {
        health.enroll("bad", List.of(PERF));
        List<Alert> alerts = List.of(
                alert("ok", PERF, Severity.SEVERITY_MINOR, NOW),
                alert("sev", PERF, Severity.SEVERITY_MINOR, NOW).toBuilder().setSeverityValue(9).build(),
                alert("sub", PERF, Severity.SEVERITY_MINOR, NOW).toBuilder().setSubcategoryValue(0).build(),
                alert("future", PERF, Severity.SEVERITY_MINOR, NOW.plus(Duration.ofMinutes(6))),
                alert("backwards", PERF, Severity.SEVERITY_MINOR, NOW).toBuilder()
                        .setResolvedAt(ProtoTime.timestamp(NOW.minusSeconds(1))).build(),
                alert("not-enrolled", SEC, Severity.SEVERITY_MINOR, NOW),
                alert("", PERF, Severity.SEVERITY_MINOR, NOW));
        ReportAlertsResponse response = health.report("bad", alerts);
        assertThat(response.getAcceptedCount()).isEqualTo(1);
        assertThat(response.getRejectedList()).extracting(RejectedAlert::getField).containsExactly(
                "alerts[1].severity", "alerts[2].subcategory", "alerts[3].opened_at", "alerts[4].resolved_at",
                "alerts[5].subcategory", "alerts[6].alert_id");
        assertThat(health.jdbc.queryForList("SELECT alert_id FROM health_alert", String.class)).containsExactly("ok");
    }

    @Test
    void badCallsGetClearStatuses() {
        assertStatus(() -> health.report("nobody", List.of(alert("a", PERF, Severity.SEVERITY_MINOR, NOW))),
                Status.Code.FAILED_PRECONDITION, null);
        health.enroll("acme", List.of(PERF));
        assertStatus(() -> current("acme"), Status.Code.NOT_FOUND, null); // known, not measured yet
        assertStatus(() -> health.health().resolveAlert(ResolveAlertRequest.newBuilder().setTenantId("acme")
                .setAlertId("ghost").setResolvedAt(ProtoTime.timestamp(NOW)).build()), Status.Code.NOT_FOUND, null);
        assertStatus(() -> health.health().resolveAlert(ResolveAlertRequest.newBuilder().setTenantId("acme")
                .setAlertId("ghost").build()), Status.Code.INVALID_ARGUMENT, "resolved_at");
        assertStatus(() -> health.enroll("acme", List.of(Subcategory.SUBCATEGORY_UNSPECIFIED)),
                Status.Code.INVALID_ARGUMENT, "subcategories[0]");
        assertStatus(() -> current("nobody"), Status.Code.NOT_FOUND, null);
    }

    @Test
    void openAlertsArePaginatedOldestFirst() {
        health.enroll("many", List.of(PERF));
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            alerts.add(alert("a" + i, PERF, Severity.SEVERITY_MINOR, NOW.minusSeconds(100 - i)));
        }
        alerts.add(alerts.get(3).toBuilder().setResolvedAt(ProtoTime.timestamp(NOW)).build());
        health.report("many", alerts);
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListOpenAlertsResponse page = health.health().listOpenAlerts(ListOpenAlertsRequest.newBuilder()
                    .setTenantId("many").setPageSize(4).setPageToken(token).build());
            page.getAlertsList().forEach(a -> seen.add(a.getAlertId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).containsExactly("a0", "a1", "a2", "a4", "a5", "a6");
    }
}
