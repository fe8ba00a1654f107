package dev.successscore.runtime.security;

import com.google.protobuf.StringValue;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.successscore.runtime.grpc.GrpcErrors;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.grpc.NotFoundException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A tenant the caller may not see answers exactly like a tenant that does not exist, through the real error mapping
 * of {@link GrpcServer}.
 */
class TenantAccessTest {

    private static final TestIssuer issuer = new TestIssuer();
    private static final GuardedService guarded = new GuardedService();
    private static GrpcServer server;
    private static ManagedChannel channel;

    private final String acmeReader = issuer.rs256(issuer.claims().claim("tenants", List.of("acme")).build());
    private final String everyTenantReader = issuer.rs256(issuer.claims()
            .subject("platform:reports").claim("tenants", "*").build());

    @BeforeAll
    static void start() {
        TokenVerifier verifier = new TokenVerifier(new ImmutableJWKSet<>(issuer.publicKeys()), TestIssuer.ISSUER,
                TestIssuer.AUDIENCE, Duration.ofSeconds(30), issuer.clock);
        server = GrpcServer.inProcess("tenants-" + UUID.randomUUID())
                .addService(guarded.definition())
                .intercept(new AuthInterceptor(verifier, GuardedService.ROLES))
                .build()
                .start();
        channel = server.newChannel();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(1));
    }

    @BeforeEach
    void tenantsExist() {
        guarded.tenants.clear();
        guarded.tenants.addAll(Set.of("acme", "globex"));
    }

    private static String getTenant(String token, String tenantId) {
        return ClientCalls.blockingUnaryCall(AuthInterceptorTest.withAuthorization(channel, "Bearer " + token),
                GuardedService.GET_TENANT, CallOptions.DEFAULT, StringValue.of(tenantId)).getValue();
    }

    private static StatusRuntimeException refusedGetTenant(String token, String tenantId) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> getTenant(token, tenantId));
        assertThat(e).as("GetTenant %s should have failed", tenantId).isNotNull();
        return e;
    }

    @Test
    void callerSeesItsOwnTenant() {
        assertThat(getTenant(acmeReader, "acme")).isEqualTo("tenant acme");
    }

    @Test
    void foreignTenantAnswersExactlyLikeATenantThatDoesNotExist() {
        StatusRuntimeException foreign = refusedGetTenant(acmeReader, "globex");

        guarded.tenants.remove("globex");
        StatusRuntimeException missing = refusedGetTenant(everyTenantReader, "globex");

        assertThat(foreign.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(foreign.getStatus().getCode()).isEqualTo(missing.getStatus().getCode());
        assertThat(foreign.getStatus().getDescription()).isEqualTo(missing.getStatus().getDescription());
        assertThat(GrpcErrors.rpcStatus(foreign)).isPresent().isEqualTo(GrpcErrors.rpcStatus(missing));
        assertThat(foreign.getTrailers().keys()).isEqualTo(missing.getTrailers().keys());
        assertThat(GrpcErrors.rpcStatus(foreign).orElseThrow())
                .isEqualTo(new NotFoundException("tenant", "globex").toRpcStatus());
    }

    @Test
    void callerOfEveryTenantSeesThemAll() {
        assertThat(getTenant(everyTenantReader, "acme")).isEqualTo("tenant acme");
        assertThat(getTenant(everyTenantReader, "globex")).isEqualTo("tenant globex");
    }

    @Test
    void callerWithoutTenantsSeesNone() {
        String noTenants = issuer.rs256(issuer.claims().claim("tenants", null).build());

        assertThat(refusedGetTenant(noTenants, "acme").getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void refusalCanTakeTheResourceTypeOfTheServicesOwnNotFound() throws Exception {
        Caller caller = Caller.of("alice", Set.of("acme"), Set.of(Role.READ));

        NotFoundException refusal = Callers.withCaller(caller).call(() -> catchThrowableOfType(NotFoundException.class,
                () -> TenantAccess.require("globex", "adoption measurement")));
        Callers.withCaller(caller).run(() -> TenantAccess.require("acme", "adoption measurement"));

        assertThat(refusal.toRpcStatus())
                .isEqualTo(new NotFoundException("adoption measurement", "globex").toRpcStatus());
    }

    @Test
    void outsideAnAuthenticatedCallThereIsNoCaller() {
        assertThat(Callers.find()).isEmpty();
        assertThatThrownBy(() -> TenantAccess.require("acme")).isInstanceOf(IllegalStateException.class);
    }
}
