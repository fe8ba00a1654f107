package dev.successscore.usage.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.usage.UsageServiceHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.DeactivateUserRequest;
import successscore.usage.v1.GetEntitlementsRequest;
import successscore.usage.v1.ListEntitlementChangesRequest;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.ListUsersResponse;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.SetEntitlementsResponse;
import successscore.usage.v1.UpdateUserRequest;
import successscore.usage.v1.User;

/** Entitlements and the user directory through the API: idempotent requests, kept history, clear errors. */
class DirectoryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static UsageServiceHarness usage;

    @BeforeAll
    static void start() {
        usage = new UsageServiceHarness(NOW);
    }

    @AfterAll
    static void stop() {
        usage.close();
    }

    private static void assertStatus(ThrowableAssert.ThrowingCallable call, Status.Code code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (field != null) {
                assertThat(GrpcErrors.fieldViolations(e)).contains(field);
            }
        });
    }

    private static SetEntitlementsResponse entitle(String tenant, int seats, String... features) {
        return usage.usage().setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId(tenant)
                .setLicensedSeats(seats).addAllEnabledFeatures(List.of(features)).build());
    }

    @Test
    void entitlementChangesAreKeptAndRepeatsChangeNothing() {
        assertThat(entitle("ent", 10, "b", "a", "a").getChanged()).isTrue();
        assertThat(entitle("ent", 10, "a", "b").getChanged()).as("same seats and features").isFalse();
        usage.clock.advance(Duration.ofDays(1));
        SetEntitlementsResponse changed = entitle("ent", 12, "a", "b", "c");
        assertThat(changed.getChanged()).isTrue();
        assertThat(changed.getEntitlements().getVersion()).isEqualTo(2);
        assertThat(usage.usage().getEntitlements(GetEntitlementsRequest.newBuilder().setTenantId("ent").build())
                .getEntitlements().getEnabledFeaturesList()).containsExactly("a", "b", "c");
        var changes = usage.usage().listEntitlementChanges(ListEntitlementChangesRequest.newBuilder()
                .setTenantId("ent").build()).getChangesList();
        assertThat(changes).extracting(e -> e.getLicensedSeats()).containsExactly(12, 10);
        assertThat(changes.get(1).getEnabledFeaturesList()).containsExactly("a", "b");
    }

    @Test
    void badEntitlementsAreInvalidArgumentNamingTheField() {
        assertStatus(() -> entitle("neg", -1), Status.Code.INVALID_ARGUMENT, "licensed_seats");
        assertStatus(() -> entitle("neg", 1, "ok", "not ok"), Status.Code.INVALID_ARGUMENT, "enabled_features[1]");
        assertStatus(() -> entitle("", 1), Status.Code.INVALID_ARGUMENT, "tenant_id");
        assertStatus(() -> usage.usage().getEntitlements(GetEntitlementsRequest.newBuilder().setTenantId("neg")
                .build()), Status.Code.NOT_FOUND, null);
    }

    @Test
    void registeringTwiceWithTheSameDetailsChangesNothing() {
        entitle("reg", 5);
        usage.register("reg", "ann", "sales", OrgLevel.ORG_LEVEL_MANAGER);
        usage.register("reg", "ann", "sales", OrgLevel.ORG_LEVEL_MANAGER);
        assertThat(usage.count("SELECT count(*) FROM usage_user WHERE tenant_id = 'reg'")).isEqualTo(1);
        assertStatus(() -> usage.register("reg", "ann", "ops", OrgLevel.ORG_LEVEL_MANAGER),
                Status.Code.ALREADY_EXISTS, null);
    }

    @Test
    void userRequestsAreValidated() {
        entitle("val", 5);
        assertStatus(() -> usage.register("val", "bob", "sales", OrgLevel.ORG_LEVEL_UNSPECIFIED),
                Status.Code.INVALID_ARGUMENT, "org_level");
        assertStatus(() -> usage.usage().registerUser(RegisterUserRequest.newBuilder().setTenantId("val")
                        .setUserId("bob").setDepartment("sales").setOrgLevelValue(42).build()),
                Status.Code.INVALID_ARGUMENT, "org_level");
        assertStatus(() -> usage.register("val", "bob", "", OrgLevel.ORG_LEVEL_MANAGER),
                Status.Code.INVALID_ARGUMENT, "department");
        assertStatus(() -> usage.register("val", "b".repeat(65), "sales", OrgLevel.ORG_LEVEL_MANAGER),
                Status.Code.INVALID_ARGUMENT, "user_id");
        assertStatus(() -> usage.register("unknown-tenant", "bob", "sales", OrgLevel.ORG_LEVEL_MANAGER),
                Status.Code.FAILED_PRECONDITION, null);
        assertStatus(() -> usage.usage().updateUser(UpdateUserRequest.newBuilder().setTenantId("val")
                        .setUserId("nobody").setDepartment("x").setOrgLevel(OrgLevel.ORG_LEVEL_MANAGER).build()),
                Status.Code.NOT_FOUND, null);
        assertThat(usage.count("SELECT count(*) FROM usage_user WHERE tenant_id = 'val'")).isZero();
    }

    @Test
    void deactivatedUsersLeaveTheRosterAndCanBeRegisteredAgain() {
        entitle("roster", 5);
        usage.register("roster", "ann", "sales", OrgLevel.ORG_LEVEL_MANAGER);
        usage.register("roster", "bob", "ops", OrgLevel.ORG_LEVEL_EXECUTIVE);
        User deactivated = usage.usage().deactivateUser(DeactivateUserRequest.newBuilder().setTenantId("roster")
                .setUserId("bob").build()).getUser();
        assertThat(deactivated.getActive()).isFalse();
        assertThat(roster("roster", false)).containsExactly("ann");
        assertThat(roster("roster", true)).containsExactly("ann", "bob");
        usage.register("roster", "bob", "finance", OrgLevel.ORG_LEVEL_MANAGER);
        assertThat(roster("roster", false)).containsExactly("ann", "bob");
    }

    @Test
    void rosterIsPaginatedInUserIdOrder() {
        entitle("big", 50);
        for (int i = 0; i < 25; i++) {
            usage.register("big", String.format("user-%02d", i), "d" + (i % 3), OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR);
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListUsersResponse page = usage.usage().listUsers(ListUsersRequest.newBuilder().setTenantId("big")
                    .setPageSize(10).setPageToken(token).build());
            page.getUsersList().forEach(u -> seen.add(u.getUserId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertStatus(() -> usage.usage().listUsers(ListUsersRequest.newBuilder().setTenantId("big")
                .setPageToken("garbage").build()), Status.Code.INVALID_ARGUMENT, "page_token");
        assertStatus(() -> usage.usage().listUsers(ListUsersRequest.newBuilder().setTenantId("big")
                .setPageSize(-1).build()), Status.Code.INVALID_ARGUMENT, "page_size");
    }

    private static List<String> roster(String tenant, boolean includeDeactivated) {
        return usage.usage().listUsers(ListUsersRequest.newBuilder().setTenantId(tenant)
                        .setIncludeDeactivated(includeDeactivated).build())
                .getUsersList().stream().map(User::getUserId).toList();
    }
}
