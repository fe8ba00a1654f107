package dev.successscore.expertise.grpc;

import static dev.successscore.expertise.ExpertiseServiceHarness.certification;
import static dev.successscore.expertise.ExpertiseServiceHarness.credit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.expertise.ExpertiseServiceHarness;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.testing.MovableClock;
import dev.successscore.usage.UsageServiceHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import successscore.expertise.v1.Credit;
import successscore.expertise.v1.CreditKind;
import successscore.expertise.v1.GetExpertiseRequest;
import successscore.expertise.v1.GetExpertiseResponse;
import successscore.expertise.v1.ListLearnersRequest;
import successscore.expertise.v1.RecordCreditsResponse;
import successscore.expertise.v1.RejectedCredit;
import successscore.expertise.v1.RenewCertificationRequest;
import successscore.expertise.v1.RevokeCreditRequest;
import successscore.signal.v1.Signal;
import successscore.usage.v1.OrgLevel;

/**
 * expertise-service through its API on real PostgreSQL, with the roster from a real usage-service that the test can
 * take away and bring back.
 */
class ExpertiseServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private MovableClock clock;
    private UsageServiceHarness usage;
    private String rosterServer;
    private GrpcServer usageEndpoint;
    private ExpertiseServiceHarness expertise;

    @BeforeEach
    void start() {
        clock = new MovableClock(NOW);
        usage = new UsageServiceHarness(clock, dev.successscore.usage.UsageServiceSettings.defaults()
                .withoutBackgroundMeasuring());
        rosterServer = "roster-" + UUID.randomUUID();
        startUsageEndpoint();
        expertise = new ExpertiseServiceHarness(clock, InProcessChannelBuilder.forName(rosterServer).build());
        usage.entitle("acme", 10, List.of("a"));
        for (int i = 0; i < 10; i++) {
            usage.register("acme", "u" + i, "d", OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR);
        }
    }

    private void startUsageEndpoint() {
        usageEndpoint = GrpcServer.inProcess(rosterServer).addServices(usage.service.grpcServices())
                .intercept(dev.successscore.runtime.security.AuthInterceptor.insecureWithoutAuthentication(
                        dev.successscore.usage.grpc.UsageMethodRoles.ROLES))
                .build().start();
        usageEndpoint.markServing();
    }

    @AfterEach
    void stop() {
        expertise.close();
        usageEndpoint.stop(Duration.ofMillis(100));
        usage.close();
    }

    private GetExpertiseResponse current(String tenant) {
        return expertise.expertise().getExpertise(GetExpertiseRequest.newBuilder().setTenantId(tenant).build());
    }

    private Map<String, Integer> scores(String tenant) {
        return current(tenant).getSignalsList().stream().filter(Signal::hasScore)
                .collect(Collectors.toMap(Signal::getKey, Signal::getScore));
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
    void signalsOfAHandComputedTenant() {
        expertise.record("acme", List.of(
                credit("c1", "u0", CreditKind.CREDIT_KIND_BADGE, NOW.minus(Duration.ofDays(10))),
                credit("c2", "u1", CreditKind.CREDIT_KIND_COURSE, NOW.minus(Duration.ofDays(100))),
                credit("c3", "u2", CreditKind.CREDIT_KIND_EVENT_ATTENDANCE, NOW.minus(Duration.ofDays(400))),
                certification("c4", "u3", NOW.minus(Duration.ofDays(50)), NOW.plus(Duration.ofDays(300)))));
        expertise.measureDue();
        // learners u0, u1, u3 of 10; 1 certified of the 2 that are full marks; latest 10 days ago;
        // growth: 1 credit now against months with 1 credit each -> 50
        assertThat(scores("acme")).containsExactlyInAnyOrderEntriesOf(Map.of("learner_coverage", 30,
                "certification_coverage", 50, "learning_recency", 100, "learning_growth", 50));
        assertThat(current("acme").getRosterFromCache()).isFalse();
        assertThat(expertise.expertise().listLearners(ListLearnersRequest.newBuilder().setTenantId("acme").build())
                .getLearnersList()).hasSize(4);
    }

    @Test
    void certificationExpiryLowersCoverageOnTheDayItExpires() {
        Instant expiry = NOW.plus(Duration.ofDays(3)).plus(Duration.ofHours(5));
        expertise.record("acme", List.of(certification("c1", "u0", NOW.minus(Duration.ofDays(200)), expiry),
                certification("c2", "u1", NOW.minus(Duration.ofDays(200)), NOW.plus(Duration.ofDays(900)))));
        expertise.measureDue();
        assertThat(scores("acme")).containsEntry("certification_coverage", 100);
        Instant due = expertise.jdbc.queryForObject("SELECT measure_due_at FROM expertise_tenant WHERE tenant_id = 'acme'",
                java.sql.Timestamp.class).toInstant();
        assertThat(due).isEqualTo(expiry);
        clock.set(expiry);
        assertThat(expertise.service.measurements().measureDue(100)).isEqualTo(1);
        assertThat(scores("acme")).containsEntry("certification_coverage", 50);
    }

    @Test
    void revokingAndRenewingChangeTheMeasurement() {
        expertise.record("acme", List.of(certification("c1", "u0", NOW.minus(Duration.ofDays(10)),
                NOW.plus(Duration.ofDays(1)))));
        expertise.measureDue();
        expertise.expertise().renewCertification(RenewCertificationRequest.newBuilder().setTenantId("acme")
                .setCreditId("c1").setExpiresAt(ProtoTime.timestamp(NOW.plus(Duration.ofDays(400)))).build());
        clock.advance(Duration.ofDays(2));
        expertise.measureDue();
        assertThat(scores("acme")).containsEntry("certification_coverage", 50);
        expertise.expertise().revokeCredit(RevokeCreditRequest.newBuilder().setTenantId("acme").setCreditId("c1")
                .build());
        expertise.measureDue();
        assertThat(scores("acme")).containsEntry("certification_coverage", 0).containsEntry("learner_coverage", 0);
    }

    @Test
    void sameBatchThreeTimesCountsOnce() {
        List<Credit> credits = List.of(credit("c1", "u0", CreditKind.CREDIT_KIND_BADGE, NOW),
                credit("c2", "u1", CreditKind.CREDIT_KIND_BADGE, NOW));
        RecordCreditsResponse first = expertise.record("acme", credits);
        RecordCreditsResponse second = expertise.record("acme", credits);
        RecordCreditsResponse third = expertise.record("acme", credits);
        assertThat(first.getDuplicateCount()).isZero();
        assertThat(second.getDuplicateCount()).isEqualTo(2);
        assertThat(third.getAcceptedCount()).isEqualTo(2);
        assertThat(expertise.count("SELECT count(*) FROM expertise_credit")).isEqualTo(2);
        RecordCreditsResponse conflicting = expertise.record("acme", List.of(
                credit("c1", "u9", CreditKind.CREDIT_KIND_BADGE, NOW)));
        assertThat(conflicting.getRejectedList()).extracting(RejectedCredit::getField)
                .containsExactly("credits[0].user_id");
    }

    @Test
    void aResentCreditWithNanosecondsIsADuplicate() {
        Credit precise = credit("nano", "u0", CreditKind.CREDIT_KIND_BADGE, NOW.plusNanos(123_456_789));
        expertise.record("acme", List.of(precise));
        RecordCreditsResponse again = expertise.record("acme", List.of(precise));
        assertThat(again.getDuplicateCount()).isEqualTo(1);
        assertThat(again.getRejectedList()).isEmpty();
    }

    @Test
    void badRecordsAreRejectedNamingTheFieldAndNothingOfThemIsStored() {
        RecordCreditsResponse response = expertise.record("acme", List.of(
                credit("ok", "u0", CreditKind.CREDIT_KIND_BADGE, NOW),
                credit("kind", "u0", CreditKind.CREDIT_KIND_BADGE, NOW).toBuilder().setKindValue(17).build(),
                certification("backwards", "u0", NOW, NOW.minusSeconds(1)),
                credit("future", "u0", CreditKind.CREDIT_KIND_BADGE, NOW.plus(Duration.ofMinutes(6))),
                credit("badge-expiring", "u0", CreditKind.CREDIT_KIND_BADGE, NOW).toBuilder()
                        .setExpiresAt(ProtoTime.timestamp(NOW.plusSeconds(60))).build(),
                credit("no-user", "", CreditKind.CREDIT_KIND_BADGE, NOW)));
        assertThat(response.getAcceptedCount()).isEqualTo(1);
        assertThat(response.getRejectedList()).extracting(RejectedCredit::getField).containsExactly(
                "credits[1].kind", "credits[2].expires_at", "credits[3].earned_at", "credits[4].expires_at",
                "credits[5].user_id");
        assertThat(expertise.jdbc.queryForList("SELECT credit_id FROM expertise_credit", String.class))
                .containsExactly("ok");
    }

    @Test
    void badCallsGetClearStatuses() {
        expertise.record("acme", List.of(credit("badge", "u0", CreditKind.CREDIT_KIND_BADGE, NOW)));
        assertStatus(() -> current("acme"), Status.Code.NOT_FOUND, null); // known, not measured yet
        assertStatus(() -> expertise.expertise().revokeCredit(RevokeCreditRequest.newBuilder().setTenantId("acme")
                .setCreditId("ghost").build()), Status.Code.NOT_FOUND, null);
        assertStatus(() -> expertise.expertise().renewCertification(RenewCertificationRequest.newBuilder()
                .setTenantId("acme").setCreditId("badge").setExpiresAt(ProtoTime.timestamp(NOW.plusSeconds(9)))
                .build()), Status.Code.FAILED_PRECONDITION, null);
        assertStatus(() -> expertise.expertise().renewCertification(RenewCertificationRequest.newBuilder()
                .setTenantId("acme").setCreditId("badge").build()), Status.Code.INVALID_ARGUMENT, "expires_at");
        assertStatus(() -> current("nobody"), Status.Code.NOT_FOUND, null);
    }

    @Test
    void withUsageServiceStoppedMeasurementsUseTheCachedRosterAndRecover() {
        expertise.record("acme", List.of(credit("c1", "u0", CreditKind.CREDIT_KIND_BADGE, NOW)));
        expertise.measureDue();
        assertThat(scores("acme")).containsEntry("learner_coverage", 10);

        usageEndpoint.stop(Duration.ofMillis(100));
        clock.advance(Duration.ofHours(2));
        // callers see no error; the measurement goes on from the roster received two hours ago
        expertise.record("acme", List.of(credit("c2", "u1", CreditKind.CREDIT_KIND_BADGE, clock.instant())));
        assertThat(expertise.measureDue()).isEqualTo(1);
        GetExpertiseResponse cached = current("acme");
        assertThat(cached.getRosterFromCache()).isTrue();
        assertThat(cached.getRosterAgeSeconds()).isGreaterThanOrEqualTo(Duration.ofHours(2).toSeconds());
        assertThat(scores("acme")).containsEntry("learner_coverage", 20);
        assertThat(cached.getSignals(0).getEvidence().getNote()).contains("usage-service unreachable");

        startUsageEndpoint();
        usage.register("acme", "u10", "d", OrgLevel.ORG_LEVEL_MANAGER);
        // while the roster came from the cache the tenant is measured again a minute later: recovery needs no trigger
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofMinutes(1));
            expertise.service.measurements().measureDue(100);
            return !current("acme").getRosterFromCache();
        });
        // 2 learners of 11 users now
        assertThat(scores("acme")).containsEntry("learner_coverage", 18);
    }

    @Test
    void aTenantWithUsersButNoCreditsIsLearntFromUsageServiceAndScoresZero() {
        assertThat(expertise.service.measurements().discoverTenants()).isEqualTo(1);
        assertThat(expertise.service.measurements().discoverTenants()).isZero();
        expertise.measureDue();
        assertThat(scores("acme")).containsExactlyInAnyOrderEntriesOf(Map.of("learner_coverage", 0,
                "certification_coverage", 0, "learning_recency", 0));
    }

    @Test
    void windowsRollDailyEvenWhenACertificationExpiresMuchLater() {
        expertise.record("acme", List.of(certification("c1", "u0", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(300)))));
        expertise.measureDue();
        assertThat(scores("acme")).containsEntry("learning_recency", 100);
        clock.advance(Duration.ofDays(31));
        assertThat(expertise.service.measurements().measureDue(100)).isEqualTo(1);
        assertThat(scores("acme")).containsEntry("learning_recency", 50);
    }

    @Test
    void aTenantWhoseRosterWasNeverSeenIsNotAvailable() {
        usageEndpoint.stop(Duration.ofMillis(100));
        expertise.record("fresh", List.of(credit("c1", "u0", CreditKind.CREDIT_KIND_BADGE, NOW)));
        expertise.measureDue();
        assertThat(current("fresh").getSignalsList()).hasSize(4).allSatisfy(s -> assertThat(s.hasScore()).isFalse());
        assertThat(current("fresh").hasRosterAgeSeconds()).isFalse();
    }
}
