package dev.successscore.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import successscore.score.v1.GetScoreRequest;
import successscore.usage.v1.Activity;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.ListUsersResponse;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.User;

/**
 * PostgreSQL stopped and started again under load: calls fail with UNAVAILABLE within their deadline (never
 * INTERNAL, never a deadline overrun), nothing acknowledged is lost, and the services recover by themselves.
 */
class DatabaseOutageTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(6);

    /** Kept when the test fails: each service's log is there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private record Outcome(String call, Status.Code code, Duration took) {
    }

    @Test
    void callsFailUnavailableWithinTheirDeadlineNothingAcknowledgedIsLostAndTheSuiteRecovers() throws Exception {
        try (ProcessSuite suite = new ProcessSuite(directory, 0, Map.of()).start(START)) {
            StepLoad load = suite.load(START, 2);
            load.setUp();
            load.measure(0);
            load.send(1, 0, load.size());
            load.measure(1);
            // the load during the outage goes to a tenant of its own, so the steps' expectations stay exact
            String tenant = "outage-tenant";
            suite.usage(DEADLINE).setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId(tenant)
                    .setLicensedSeats(1000).addEnabledFeatures("reports").build());

            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            List<String> acknowledgedUsers = new ArrayList<>();
            List<RecordActivitiesRequest> acknowledgedBatches = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String user = String.format("late-%04d", i);
                    Outcome registered = timed("RegisterUser", () -> suite.usage(DEADLINE).registerUser(
                            RegisterUserRequest.newBuilder().setTenantId(tenant).setUserId(user).setDepartment("late")
                                    .setOrgLevel(OrgLevel.ORG_LEVEL_MANAGER).build()));
                    outcomes.add(registered);
                    if (registered.code() == Status.Code.OK) {
                        acknowledgedUsers.add(user);
                    }
                    RecordActivitiesRequest batch = RecordActivitiesRequest.newBuilder().setTenantId(tenant)
                            .addActivities(Activity.newBuilder().setActivityId("late-" + i).setUserId(user)
                                    .setFeature("reports").setOccurredAt(com.google.protobuf.Timestamp.newBuilder()
                                            .setSeconds(load.stepTime(1).getEpochSecond())))
                            .build();
                    Outcome recorded = timed("RecordActivities", () -> suite.usage(DEADLINE).recordActivities(batch));
                    outcomes.add(recorded);
                    if (recorded.code() == Status.Code.OK) {
                        acknowledgedBatches.add(batch);
                    }
                    outcomes.add(timed("GetScore", () -> suite.score(DEADLINE).getScore(
                            GetScoreRequest.newBuilder().setTenantId(load.tenants().get(0)).build())));
                }
            }, "load");
            writer.start();
            Thread.sleep(2000);
            suite.stopDatabase();
            Thread.sleep(8000);
            suite.startDatabase();
            long restarted = System.nanoTime();
            // the suite recovers by itself: calls succeed again
            while (!recentlyAllOk(outcomes, 6)) {
                assertThat(Duration.ofNanos(System.nanoTime() - restarted)).as("recovery").isLessThan(
                        Duration.ofSeconds(60));
                Thread.sleep(200);
            }
            running.set(false);
            writer.join();

            List<Outcome> failures = outcomes.stream().filter(o -> o.code() != Status.Code.OK).toList();
            assertThat(failures).as("calls failed while the database was down").isNotEmpty();
            assertThat(failures).allSatisfy(failure -> {
                assertThat(failure.code()).as(failure.toString()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(failure.took()).as(failure.call()).isLessThan(DEADLINE);
            });

            // nothing acknowledged is lost
            assertThat(acknowledgedUsers).isNotEmpty();
            assertThat(listUsers(suite, tenant)).containsAll(acknowledgedUsers);
            for (RecordActivitiesRequest batch : acknowledgedBatches) {
                RecordActivitiesResponse again = suite.usage(DEADLINE).recordActivities(batch);
                assertThat(again.getDuplicateCount()).as("an acknowledged batch is stored").isEqualTo(1);
            }

            // measuring and the feed to score-service work again
            load.send(2, 0, load.size());
            load.measure(2);
        }
    }

    private static Outcome timed(String call, Runnable request) {
        long started = System.nanoTime();
        Status.Code code = Status.Code.OK;
        try {
            request.run();
        } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
        }
        return new Outcome(call, code, Duration.ofNanos(System.nanoTime() - started));
    }

    private static boolean recentlyAllOk(ConcurrentLinkedQueue<Outcome> outcomes, int last) {
        List<Outcome> all = new ArrayList<>(outcomes);
        if (all.size() < last) {
            return false;
        }
        return all.subList(all.size() - last, all.size()).stream().allMatch(o -> o.code() == Status.Code.OK);
    }

    private static Set<String> listUsers(ProcessSuite suite, String tenant) {
        Set<String> users = new HashSet<>();
        String token = "";
        do {
            ListUsersResponse page = suite.usage(DEADLINE).listUsers(ListUsersRequest.newBuilder().setTenantId(tenant)
                    .setPageSize(500).setPageToken(token).build());
            page.getUsersList().stream().map(User::getUserId).forEach(users::add);
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return users;
    }
}
