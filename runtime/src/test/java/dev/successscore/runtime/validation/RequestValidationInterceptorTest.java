package dev.successscore.runtime.validation;

import com.google.rpc.BadRequest;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import successscore.usage.v1.Entitlements;
import successscore.usage.v1.GetEntitlementsRequest;
import successscore.usage.v1.GetEntitlementsResponse;
import successscore.usage.v1.OrgLevel;
import successscore.usage.v1.RegisterUserRequest;
import successscore.usage.v1.RegisterUserResponse;
import successscore.usage.v1.SetEntitlementsRequest;
import successscore.usage.v1.SetEntitlementsResponse;
import successscore.usage.v1.StreamActivitiesRequest;
import successscore.usage.v1.StreamActivitiesResponse;
import successscore.usage.v1.UsageServiceGrpc;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The interceptor every {@link GrpcServer} installs, tried on usage-service's contract with a recording service. */
class RequestValidationInterceptorTest {

    private final RecordingUsage usage = new RecordingUsage();
    private GrpcServer server;
    private ManagedChannel channel;

    private UsageServiceGrpc.UsageServiceBlockingStub start(ServerInterceptor... interceptors) {
        server = GrpcServer.inProcess("validation-" + UUID.randomUUID()).addService(usage).intercept(interceptors)
                .build().start();
        channel = server.newChannel();
        return UsageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void refusesAnInvalidRequestBeforeTheServiceSeesIt() {
        var stub = start();

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.getEntitlements(GetEntitlementsRequest.newBuilder().setTenantId("-acme").build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.detail(e, BadRequest.class).orElseThrow().getFieldViolationsList())
                .containsExactly(BadRequest.FieldViolation.newBuilder().setField("tenant_id")
                        .setDescription("must start with a letter or digit").build());
        assertThat(e.getStatus().getDescription()).isEqualTo("tenant_id: must start with a letter or digit");
        assertThat(usage.calls).isEmpty();
    }

    @Test
    void passesAValidRequest() {
        var stub = start();

        GetEntitlementsResponse response = stub.getEntitlements(
                GetEntitlementsRequest.newBuilder().setTenantId("acme").build());

        assertThat(response.getEntitlements().getTenantId()).isEqualTo("acme");
        assertThat(usage.calls).containsExactly("GetEntitlements acme");
    }

    @Test
    void namesEveryFieldAtFaultInTheOrderOfTheMessage() {
        var stub = start();

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.registerUser(RegisterUserRequest.newBuilder().setTenantId("").setUserId("a b")
                        .setDepartment(" \t").setOrgLevelValue(9).build()));

        assertThat(GrpcErrors.fieldViolations(e)).containsExactly("tenant_id", "user_id", "department", "org_level");
        assertThat(e.getStatus().getDescription()).contains("tenant_id: must not be empty",
                "user_id: only letters, digits and . _ : -", "department: is required");
    }

    @Test
    void namesTheItemOfARepeatedField() {
        var stub = start();

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.setEntitlements(SetEntitlementsRequest.newBuilder().setTenantId("acme")
                        .addEnabledFeatures("reports").addEnabledFeatures("").build()));

        assertThat(GrpcErrors.fieldViolations(e)).containsExactly("enabled_features[1]");
        assertThat(usage.calls).isEmpty();
    }

    @Test
    void authenticationRunsFirst() {
        var stub = start(new RefuseEveryCaller());

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.getEntitlements(GetEntitlementsRequest.newBuilder().setTenantId("").build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(GrpcErrors.fieldViolations(e)).isEmpty();
    }

    @Test
    void anInvalidBatchEndsAStreamAndTheBatchesBeforeItStayDone() throws Exception {
        start();
        CompletableFuture<StreamActivitiesResponse> answer = new CompletableFuture<>();
        StreamObserver<StreamActivitiesRequest> batches = UsageServiceGrpc.newStub(channel)
                .streamActivities(completing(answer));

        batches.onNext(batch("acme"));
        batches.onNext(batch("initech"));
        batches.onNext(batch("bad tenant"));
        batches.onNext(batch("umbrella"));
        batches.onCompleted();

        Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> answer.get(10, TimeUnit.SECONDS)).getCause();
        StatusRuntimeException e = (StatusRuntimeException) failure;
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.fieldViolations(e)).containsExactly("batches[2].tenant_id");
        assertThat(usage.calls).containsExactly("StreamActivities acme", "StreamActivities initech");
        assertThat(usage.streamCompleted).isFalse();
    }

    @Test
    void aStreamOfValidBatchesReachesTheService() throws Exception {
        start();
        CompletableFuture<StreamActivitiesResponse> answer = new CompletableFuture<>();
        StreamObserver<StreamActivitiesRequest> batches = UsageServiceGrpc.newStub(channel)
                .streamActivities(completing(answer));

        batches.onNext(batch("acme"));
        batches.onNext(batch("initech"));
        batches.onCompleted();

        assertThat(answer.get(10, TimeUnit.SECONDS).getBatchCount()).isEqualTo(2);
        assertThat(usage.calls).containsExactly("StreamActivities acme", "StreamActivities initech");
    }

    private static StreamActivitiesRequest batch(String tenantId) {
        return StreamActivitiesRequest.newBuilder().setTenantId(tenantId).build();
    }

    private static <T> StreamObserver<T> completing(CompletableFuture<T> answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                answer.completeExceptionally(new IllegalStateException("completed without an answer"));
            }
        };
    }

    /** Records what reaches it and answers with little. */
    private static final class RecordingUsage extends UsageServiceGrpc.UsageServiceImplBase {

        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean streamCompleted;

        @Override
        public void getEntitlements(GetEntitlementsRequest request, StreamObserver<GetEntitlementsResponse> response) {
            calls.add("GetEntitlements " + request.getTenantId());
            response.onNext(GetEntitlementsResponse.newBuilder()
                    .setEntitlements(Entitlements.newBuilder().setTenantId(request.getTenantId())).build());
            response.onCompleted();
        }

        @Override
        public void setEntitlements(SetEntitlementsRequest request, StreamObserver<SetEntitlementsResponse> response) {
            calls.add("SetEntitlements " + request.getTenantId());
            response.onNext(SetEntitlementsResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void registerUser(RegisterUserRequest request, StreamObserver<RegisterUserResponse> response) {
            calls.add("RegisterUser " + request.getTenantId());
            response.onNext(RegisterUserResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public StreamObserver<StreamActivitiesRequest> streamActivities(
                StreamObserver<StreamActivitiesResponse> response) {
            return new StreamObserver<>() {
                private int batches;

                @Override
                public void onNext(StreamActivitiesRequest batch) {
                    calls.add("StreamActivities " + batch.getTenantId());
                    batches++;
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    streamCompleted = true;
                    response.onNext(StreamActivitiesResponse.newBuilder().setBatchCount(batches).build());
                    response.onCompleted();
                }
            };
        }
    }

    /** Stands for authentication refusing the caller. */
    private static final class RefuseEveryCaller implements ServerInterceptor {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                     ServerCallHandler<ReqT, RespT> next) {
            call.close(Status.UNAUTHENTICATED.withDescription("missing bearer token"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
    }
}
