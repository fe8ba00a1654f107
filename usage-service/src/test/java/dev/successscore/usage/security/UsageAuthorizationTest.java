package dev.successscore.usage.security;

import static dev.successscore.runtime.security.SecuredServers.assertIsolated;
import static dev.successscore.runtime.security.SecuredServers.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.security.Role;
import dev.successscore.runtime.security.SecuredServers;
import dev.successscore.usage.Tenants;
import dev.successscore.usage.UsageServiceHarness;
import dev.successscore.usage.grpc.UsageMethodRoles;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import successscore.usage.v1.DeactivateUserRequest;
import successscore.usage.v1.GetAdoptionRequest;
import successscore.usage.v1.GetEntitlementsRequest;
import successscore.usage.v1.ListAdoptionMeasurementsRequest;
import successscore.usage.v1.ListEntitlementChangesRequest;
import successscore.usage.v1.ListTenantsRequest;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.StreamActivitiesResponse;
import successscore.usage.v1.UpdateUserRequest;
import successscore.feed.v1.EventFeedServiceGrpc;
import successscore.feed.v1.GetFeedHeadRequest;
import successscore.feed.v1.StreamEventsRequest;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * usage-service behind the real authenticating interceptor: every RPC taking a tenant id answers a foreign tenant
 * exactly as a tenant that does not exist, ListTenants lists only the caller's tenants, roles are checked and a
 * call without a token is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageAuthorizationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String OWN = "acme";
    private static final String FOREIGN = "globex";

    private final SecuredServers secured = new SecuredServers();
    private UsageServiceHarness usage;
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeAll
    void start() {
        usage = new UsageServiceHarness(NOW);
        Tenants.workedExample(usage, OWN, NOW);
        Tenants.workedExample(usage, FOREIGN, NOW);
        usage.measureDue();
        server = secured.serve(UsageMethodRoles.ROLES, usage.service.grpcServices());
        channel = server.newChannel();
    }

    @AfterAll
    void stop() {
        channel.shutdownNow();
        server.stop(java.time.Duration.ofSeconds(1));
        usage.close();
    }

    private UsageServiceGrpc.UsageServiceBlockingStub as(String token) {
        return UsageServiceGrpc.newBlockingStub(SecuredServers.as(channel, token))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** A caller of acme only, who ingests and reads. */
    private UsageServiceGrpc.UsageServiceBlockingStub ofAcme() {
        return as(secured.token("platform:acme", List.of(OWN), Role.INGEST, Role.READ));
    }

    private void isolated(String rpc, Consumer<String> call) {
        assertIsolated(rpc, call, OWN, FOREIGN, "none-" + rpc);
    }

    @Test
    void theEventFeedOfEveryTenantIsReadOnlyByACallerWhoSeesEveryTenant() {
        var singleTenant = EventFeedServiceGrpc.newBlockingStub(SecuredServers.as(channel,
                secured.token("platform:acme", List.of(OWN), Role.READ))).withDeadlineAfter(30, TimeUnit.SECONDS);
        var scoreService = EventFeedServiceGrpc.newBlockingStub(SecuredServers.as(channel,
                secured.token("score-service", List.of("*"), Role.READ))).withDeadlineAfter(30, TimeUnit.SECONDS);

        assertThat(code(() -> singleTenant.getFeedHead(GetFeedHeadRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> singleTenant.streamEvents(StreamEventsRequest.getDefaultInstance()).hasNext()))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> scoreService.getFeedHead(GetFeedHeadRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void everyRpcTakingATenantAnswersAForeignTenantAsAMissingOne() {
        var stub = ofAcme();
        assertIsolated("SetEntitlements", t -> stub.setEntitlements(SetEntitlementsRequest.newBuilder()
                .setTenantId(t).setLicensedSeats(40).addAllEnabledFeatures(Tenants.TEN_FEATURES).build()),
                OWN, FOREIGN, "new-tenant");
        isolated("GetEntitlements", t -> stub.getEntitlements(GetEntitlementsRequest.newBuilder()
                .setTenantId(t).build()));
        isolated("ListEntitlementChanges", t -> stub.listEntitlementChanges(ListEntitlementChangesRequest
                .newBuilder().setTenantId(t).build()));
        isolated("RegisterUser", t -> stub.registerUser(RegisterUserRequest.newBuilder().setTenantId(t)
                .setUserId("newcomer").setDepartment("dept-1")
                .setOrgLevel(OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR).build()));
        isolated("UpdateUser", t -> stub.updateUser(UpdateUserRequest.newBuilder().setTenantId(t)
                .setUserId(Tenants.user(3)).setDepartment("dept-2")
                .setOrgLevel(OrgLevel.ORG_LEVEL_INDIVIDUAL_CONTRIBUTOR).build()));
        isolated("DeactivateUser", t -> stub.deactivateUser(DeactivateUserRequest.newBuilder().setTenantId(t)
                .setUserId("idle-1").build()));
        isolated("ListUsers", t -> stub.listUsers(ListUsersRequest.newBuilder().setTenantId(t).build()));
        isolated("RecordActivities", t -> stub.recordActivities(RecordActivitiesRequest.newBuilder()
                .setTenantId(t).addActivities(UsageServiceHarness.activity("late-1", Tenants.user(1), "f01",
                        NOW.minusSeconds(60))).build()));
        String token = secured.token("platform:acme", List.of(OWN), Role.INGEST);
        isolated("StreamActivities", t -> streamOneBatch(token, t));
        isolated("GetAdoption", t -> stub.getAdoption(GetAdoptionRequest.newBuilder().setTenantId(t).build()));
        isolated("ListAdoptionMeasurements", t -> stub.listAdoptionMeasurements(ListAdoptionMeasurementsRequest
                .newBuilder().setTenantId(t).build()));
    }

    private void streamOneBatch(String token, String tenantId) {
        CompletableFuture<StreamActivitiesResponse> done = new CompletableFuture<>();
        var requests = UsageServiceGrpc.newStub(SecuredServers.as(channel, token))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .streamActivities(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamActivitiesResponse value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(StreamActivitiesRequest.newBuilder().setTenantId(tenantId)
                .addActivities(UsageServiceHarness.activity("streamed-1", Tenants.user(1), "f01",
                        NOW.minusSeconds(30))).build());
        requests.onCompleted();
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listTenantsListsOnlyTheCallersTenants() {
        assertThat(ofAcme().listTenants(ListTenantsRequest.getDefaultInstance()).getTenantIdsList())
                .containsExactly(OWN);
        assertThat(as(secured.token("platform:all", List.of("*"), Role.READ))
                .listTenants(ListTenantsRequest.newBuilder().setPageSize(1).build()).getTenantIdsList())
                .containsExactly(OWN);
        var all = as(secured.token("platform:all", List.of("*"), Role.READ))
                .listTenants(ListTenantsRequest.getDefaultInstance()).getTenantIdsList();
        assertThat(all).contains(OWN, FOREIGN);
        // a caller of globex only gets a full first page of one, though acme comes first
        assertThat(as(secured.token("platform:globex", List.of(FOREIGN), Role.READ))
                .listTenants(ListTenantsRequest.newBuilder().setPageSize(1).build()).getTenantIdsList())
                .containsExactly(FOREIGN);
    }

    @Test
    void aCallerWithoutTheRoleIsRefused() {
        var reader = as(secured.token("reader@acme", List.of(OWN), Role.READ));
        var ingester = as(secured.token("platform:acme", List.of(OWN), Role.INGEST));
        assertThat(code(() -> reader.recordActivities(RecordActivitiesRequest.newBuilder().setTenantId(OWN)
                .build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> ingester.getAdoption(GetAdoptionRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> reader.getAdoption(GetAdoptionRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.OK);
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertThat(code(() -> as(null).getAdoption(GetAdoptionRequest.newBuilder().setTenantId(OWN).build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> as(null).recordActivities(RecordActivitiesRequest.newBuilder().setTenantId(OWN)
                .build()))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
}
