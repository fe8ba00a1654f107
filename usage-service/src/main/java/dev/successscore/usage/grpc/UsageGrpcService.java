package dev.successscore.usage.grpc;

import dev.successscore.runtime.grpc.DomainErrors;
import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.FieldViolation;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.grpc.NotFoundException;
import dev.successscore.runtime.grpc.PageTokens;
import dev.successscore.runtime.grpc.ProtoTime;
import dev.successscore.runtime.security.TenantAccess;
import dev.successscore.usage.api.ActivityInput;
import dev.successscore.usage.api.DirectoryUser;
import dev.successscore.usage.api.Entitlements;
import dev.successscore.usage.api.IngestResult;
import dev.successscore.usage.api.OrgLevel;
import dev.successscore.usage.directory.Directory;
import dev.successscore.usage.ingest.ActivityIngest;
import dev.successscore.usage.query.AdoptionReadModel;
import dev.successscore.usage.query.RecordedMeasurement;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import successscore.usage.v1.Activity;
import successscore.usage.v1.DeactivateUserRequest;
import successscore.usage.v1.DeactivateUserResponse;
import successscore.usage.v1.GetAdoptionRequest;
import successscore.usage.v1.GetAdoptionResponse;
import successscore.usage.v1.GetEntitlementsRequest;
import successscore.usage.v1.GetEntitlementsResponse;
import successscore.usage.v1.ListAdoptionMeasurementsRequest;
import successscore.usage.v1.ListAdoptionMeasurementsResponse;
import successscore.usage.v1.ListEntitlementChangesRequest;
import successscore.usage.v1.ListEntitlementChangesResponse;
import successscore.usage.v1.ListTenantsRequest;
import successscore.usage.v1.ListTenantsResponse;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.ListUsersResponse;
import successscore.usage.v1.RecordActivitiesRequest;
import successscore.usage.v1.RecordActivitiesResponse;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.RegisterUserResponse;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.SetEntitlementsResponse;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.StreamActivitiesResponse;
import successscore.usage.v1.UpdateUserRequest;
import successscore.usage.v1.UpdateUserResponse;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * {@code successscore.usage.v1.UsageService}: hands requests to the directory and ingest. The field rules of the
 * requests are declared in the contract (usage_service.proto) and checked before a request gets here; what stays
 * here needs state: page tokens, the configured batch cap, each activity record (rejected on its own, the others
 * stored).
 *
 * <p>Tenant isolation: once a request is valid and before anything is looked up, a tenant the caller may not see
 * gets the very answer a tenant that does not exist gets (NOT_FOUND for reads, FAILED_PRECONDITION
 * {@code TENANT_UNKNOWN} for writes that need the tenant, NOT_FOUND for setting the entitlements that would create
 * it); ListTenants lists only the tenants the caller may see.
 */
public final class UsageGrpcService extends UsageServiceGrpc.UsageServiceImplBase {

    /** Rejections a stream reports at most (all are counted). */
    public static final int MAX_STREAM_REJECTIONS = 1000;

    private final Directory directory;
    private final ActivityIngest ingest;
    private final AdoptionReadModel adoption;

    public UsageGrpcService(Directory directory, ActivityIngest ingest, AdoptionReadModel adoption) {
        this.directory = directory;
        this.ingest = ingest;
        this.adoption = adoption;
    }

    @Override
    public void setEntitlements(SetEntitlementsRequest request, StreamObserver<SetEntitlementsResponse> response) {
        TenantAccess.require(request.getTenantId(), Directory.TENANT);
        List<String> features = List.copyOf(new TreeSet<>(request.getEnabledFeaturesList()));
        Directory.EntitlementsSet set = directory.setEntitlements(request.getTenantId(), request.getLicensedSeats(),
                features);
        respond(response, SetEntitlementsResponse.newBuilder()
                .setEntitlements(UsageProtoMapper.toProto(set.entitlements()))
                .setChanged(set.changed()).build());
    }

    @Override
    public void getEntitlements(GetEntitlementsRequest request, StreamObserver<GetEntitlementsResponse> response) {
        TenantAccess.require(request.getTenantId(), Directory.TENANT);
        respond(response, GetEntitlementsResponse.newBuilder()
                .setEntitlements(UsageProtoMapper.toProto(directory.entitlements(request.getTenantId()))).build());
    }

    @Override
    public void listEntitlementChanges(ListEntitlementChangesRequest request,
                                       StreamObserver<ListEntitlementChangesResponse> response) {
        int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
        String list = "entitlements/" + request.getTenantId();
        long before = number(PageTokens.decode(list, request.getPageToken(), String.valueOf(Long.MAX_VALUE)));
        TenantAccess.require(request.getTenantId(), Directory.TENANT);
        List<Entitlements> changes = directory.entitlementChanges(request.getTenantId(), before, size + 1);
        ListEntitlementChangesResponse.Builder out = ListEntitlementChangesResponse.newBuilder();
        changes.stream().limit(size).forEach(e -> out.addChanges(UsageProtoMapper.toProto(e)));
        if (changes.size() > size) {
            out.setNextPageToken(PageTokens.encode(list, String.valueOf(changes.get(size - 1).version())));
        }
        respond(response, out.build());
    }

    @Override
    public void registerUser(RegisterUserRequest request, StreamObserver<RegisterUserResponse> response) {
        OrgLevel level = UsageProtoMapper.orgLevel(request.getOrgLevel());
        requireForWrite(request.getTenantId());
        DirectoryUser user = directory.registerUser(request.getTenantId(), request.getUserId(),
                request.getDepartment(), level);
        respond(response, RegisterUserResponse.newBuilder().setUser(UsageProtoMapper.toProto(user)).build());
    }

    @Override
    public void updateUser(UpdateUserRequest request, StreamObserver<UpdateUserResponse> response) {
        OrgLevel level = UsageProtoMapper.orgLevel(request.getOrgLevel());
        requireForWrite(request.getTenantId());
        DirectoryUser user = directory.updateUser(request.getTenantId(), request.getUserId(),
                request.getDepartment(), level);
        respond(response, UpdateUserResponse.newBuilder().setUser(UsageProtoMapper.toProto(user)).build());
    }

    @Override
    public void deactivateUser(DeactivateUserRequest request, StreamObserver<DeactivateUserResponse> response) {
        requireForWrite(request.getTenantId());
        DirectoryUser user = directory.deactivateUser(request.getTenantId(), request.getUserId());
        respond(response, DeactivateUserResponse.newBuilder().setUser(UsageProtoMapper.toProto(user)).build());
    }

    @Override
    public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> response) {
        int size = PageTokens.pageSize(request.getPageSize(), 100, 1000);
        String list = "users/" + request.getTenantId() + "/" + request.getIncludeDeactivated();
        String after = PageTokens.decode(list, request.getPageToken(), "");
        TenantAccess.require(request.getTenantId(), Directory.TENANT);
        List<DirectoryUser> users = directory.users(request.getTenantId(), after, size + 1,
                request.getIncludeDeactivated());
        ListUsersResponse.Builder out = ListUsersResponse.newBuilder();
        users.stream().limit(size).forEach(u -> out.addUsers(UsageProtoMapper.toProto(u)));
        if (users.size() > size) {
            out.setNextPageToken(PageTokens.encode(list, users.get(size - 1).userId()));
        }
        respond(response, out.build());
    }

    @Override
    public void listTenants(ListTenantsRequest request, StreamObserver<ListTenantsResponse> response) {
        int size = PageTokens.pageSize(request.getPageSize(), 1000, 10_000);
        String after = PageTokens.decode("tenants", request.getPageToken(), "");
        List<String> ids = visibleTenantIds(after, size + 1);
        ListTenantsResponse.Builder out = ListTenantsResponse.newBuilder().addAllTenantIds(ids.stream().limit(size)
                .toList());
        if (ids.size() > size) {
            out.setNextPageToken(PageTokens.encode("tenants", ids.get(size - 1)));
        }
        respond(response, out.build());
    }

    @Override
    public void recordActivities(RecordActivitiesRequest request, StreamObserver<RecordActivitiesResponse> response) {
        IngestResult result = record(request.getTenantId(), request.getActivitiesList());
        RecordActivitiesResponse.Builder out = RecordActivitiesResponse.newBuilder()
                .setAcceptedCount(result.accepted())
                .setDuplicateCount(result.duplicates());
        result.rejected().forEach(r -> out.addRejected(UsageProtoMapper.toProto(r, 0)));
        respond(response, out.build());
    }

    @Override
    public StreamObserver<StreamActivitiesRequest> streamActivities(
            StreamObserver<StreamActivitiesResponse> response) {
        return new StreamObserver<>() {
            private final StreamActivitiesResponse.Builder totals = StreamActivitiesResponse.newBuilder();
            private boolean failed;

            @Override
            public void onNext(StreamActivitiesRequest batch) {
                if (failed) {
                    return;
                }
                try {
                    IngestResult result = record(batch.getTenantId(), batch.getActivitiesList());
                    int batchIndex = totals.getBatchCount();
                    totals.setBatchCount(batchIndex + 1)
                            .setAcceptedCount(totals.getAcceptedCount() + result.accepted())
                            .setDuplicateCount(totals.getDuplicateCount() + result.duplicates())
                            .setRejectedRecordCount(totals.getRejectedRecordCount() + result.rejected().size());
                    result.rejected().stream()
                            .limit(Math.max(0, MAX_STREAM_REJECTIONS - totals.getRejectedCount()))
                            .forEach(r -> totals.addRejected(UsageProtoMapper.toProto(r, batchIndex)));
                } catch (RuntimeException e) {
                    failed = true;
                    response.onError(DomainErrors.toStatusRuntimeException(inBatch(e, totals.getBatchCount())));
                }
            }

            @Override
            public void onError(Throwable t) {
                failed = true; // the client went away; what was committed stays, resending is safe
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    respond(response, totals.build());
                }
            }
        };
    }

    @Override
    public void getAdoption(GetAdoptionRequest request, StreamObserver<GetAdoptionResponse> response) {
        String tenantId = request.getTenantId();
        TenantAccess.require(tenantId, Directory.TENANT);
        AdoptionReadModel.TenantState state = adoption.state(tenantId)
                .orElseThrow(() -> new NotFoundException(Directory.TENANT, tenantId));
        RecordedMeasurement latest = adoption.latest(tenantId)
                .orElseThrow(() -> new NotFoundException("adoption measurement", tenantId));
        RecordedMeasurement current = state.current() == null ? latest
                : new RecordedMeasurement(tenantId, latest.sequence(), latest.measurementId(), state.lastMeasuredAt(),
                state.current().level(), state.current().activeUsers(), state.current().signals());
        respond(response, GetAdoptionResponse.newBuilder()
                .setMeasurement(UsageProtoMapper.toProto(current))
                .setLastRecordedAt(ProtoTime.timestamp(latest.measuredAt()))
                .setLastEvaluatedAt(ProtoTime.timestampOrUnset(state.lastMeasuredAt()))
                .setEngagementDropped(state.engagementDropped())
                .build());
    }

    @Override
    public void listAdoptionMeasurements(ListAdoptionMeasurementsRequest request,
                                         StreamObserver<ListAdoptionMeasurementsResponse> response) {
        String tenantId = request.getTenantId();
        int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
        String list = "adoption/" + tenantId;
        long before = number(PageTokens.decode(list, request.getPageToken(), String.valueOf(Long.MAX_VALUE)));
        TenantAccess.require(tenantId, Directory.TENANT);
        if (adoption.state(tenantId).isEmpty()) {
            throw new NotFoundException(Directory.TENANT, tenantId);
        }
        List<RecordedMeasurement> page = adoption.history(tenantId, before, size + 1);
        ListAdoptionMeasurementsResponse.Builder out = ListAdoptionMeasurementsResponse.newBuilder();
        page.stream().limit(size).forEach(m -> out.addMeasurements(UsageProtoMapper.toProto(m)));
        if (page.size() > size) {
            out.setNextPageToken(PageTokens.encode(list, String.valueOf(page.get(size - 1).sequence())));
        }
        respond(response, out.build());
    }

    /**
     * A stream's failure, said of its batch: fields become {@code batches[k].field}, and the message says that the
     * batches before it were stored (a resent stream counts them once).
     */
    private static RuntimeException inBatch(RuntimeException failure, int batch) {
        Throwable cause = DomainErrors.unwrap(failure);
        String stored = batch == 0 ? "no batch was stored" : "batches 0 to " + (batch - 1) + " were stored";
        if (cause instanceof InvalidArgumentException invalid) {
            return new InvalidArgumentException(invalid.violations().stream()
                    .map(v -> new FieldViolation("batches[" + batch + "]." + v.field(), v.description()))
                    .toList());
        }
        if (cause instanceof FailedPreconditionException precondition) {
            return new FailedPreconditionException(precondition.reason(), precondition.subject(),
                    "batch " + batch + ": " + precondition.getMessage() + "; " + stored);
        }
        return failure;
    }

    private IngestResult record(String tenantId, List<Activity> activities) {
        if (activities.size() <= ingest.maxBatch()) { // an oversized batch is refused alike for every tenant
            requireForWrite(tenantId);
        }
        List<ActivityInput> inputs = new ArrayList<>(activities.size());
        for (Activity a : activities) {
            inputs.add(new ActivityInput(a.getActivityId(), a.getUserId(), a.getFeature(),
                    a.hasOccurredAt() && com.google.protobuf.util.Timestamps.isValid(a.getOccurredAt())
                            ? ProtoTime.instant(a.getOccurredAt()) : null));
        }
        return ingest.record(tenantId, inputs);
    }

    /** A tenant the caller may not see answers as an unknown tenant does to a write. */
    private static void requireForWrite(String tenantId) {
        TenantAccess.require(tenantId, () -> Directory.unknownTenant(tenantId));
    }

    /**
     * Up to {@code limit} tenant ids after {@code after} that the caller may see, in order. A caller of a few tenants
     * reads the directory's pages until it has them, so that a page is never cut short by tenants it may not see.
     */
    private List<String> visibleTenantIds(String after, int limit) {
        List<String> visible = new ArrayList<>();
        String from = after;
        while (visible.size() < limit) {
            List<String> page = directory.tenantIds(from, limit);
            page.stream().filter(TenantAccess::canSee).limit(limit - visible.size()).forEach(visible::add);
            if (page.size() < limit) {
                break;
            }
            from = page.get(page.size() - 1);
        }
        return visible;
    }

    private static long number(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw InvalidArgumentException.field("page_token", "is not a token of this list");
        }
    }

    private static <T> void respond(StreamObserver<T> observer, T message) {
        observer.onNext(message);
        observer.onCompleted();
    }
}
