package dev.successscore.runtime.security;

import com.google.protobuf.StringValue;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Calls a real in-process server whose every service sits behind the {@link AuthInterceptor}. */
class AuthInterceptorTest {

    private static final TestIssuer issuer = new TestIssuer();
    private static final GuardedService guarded = new GuardedService();
    private static GrpcServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start(@TempDir Path dir) {
        AuthSettings settings = new AuthSettings(false, java.util.Optional.of(issuer.writeJwks(dir.resolve("jwks.json"))),
                java.util.Optional.empty(), TestIssuer.ISSUER, TestIssuer.AUDIENCE, Duration.ofSeconds(30));
        AuthInterceptor auth = AuthInterceptor.create(settings, GuardedService.ROLES, issuer.clock);
        server = GrpcServer.inProcess("auth-" + UUID.randomUUID())
                .addService(guarded.definition())
                // on the server builder, so that health and reflection pass through it too
                .customize(builder -> builder.intercept(auth))
                .build()
                .start();
        channel = server.newChannel();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(1));
    }

    static Channel withAuthorization(Channel channel, String authorization) {
        if (authorization == null) {
            return channel;
        }
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, authorization);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static String call(MethodDescriptor<StringValue, StringValue> method, String token) {
        return ClientCalls.blockingUnaryCall(withAuthorization(channel, token == null ? null : "Bearer " + token),
                method, CallOptions.DEFAULT, StringValue.of("")).getValue();
    }

    private static StatusRuntimeException refused(MethodDescriptor<StringValue, StringValue> method, String token) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> call(method, token));
        assertThat(e).as("the call should have been refused").isNotNull();
        if (token != null) {
            assertThat(e.getStatus().getDescription()).doesNotContain(token);
        }
        return e;
    }

    private static void assertUnauthenticated(String token, String description) {
        StatusRuntimeException e = refused(GuardedService.WHO_AM_I, token);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription()).isEqualTo(description);
    }

    @Test
    void validRs256TokenPassesAndTheServiceSeesTheCaller() {
        String token = issuer.rs256(issuer.claims()
                .claim("tenants", List.of("acme", "initech"))
                .claim("roles", List.of("READ", "AUDIT"))
                .build());

        assertThat(call(GuardedService.WHO_AM_I, token)).isEqualTo("alice@acme.example|acme,initech|[READ, AUDIT]");
    }

    @Test
    void validEs256TokenPasses() {
        String token = issuer.es256(issuer.claims().subject("platform:billing").claim("tenants", "*").build());

        assertThat(call(GuardedService.WHO_AM_I, token)).isEqualTo("platform:billing|*|[READ]");
    }

    @Test
    void callWithoutTokenIsUnauthenticated() {
        assertUnauthenticated(null, "missing bearer token");
    }

    @Test
    void authorizationOtherThanBearerIsUnauthenticated() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                ClientCalls.blockingUnaryCall(withAuthorization(channel, "Basic YWxpY2U6c2VjcmV0"),
                        GuardedService.WHO_AM_I, CallOptions.DEFAULT, StringValue.of("")));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getStatus().getDescription()).doesNotContain("YWxpY2U6c2VjcmV0");
    }

    @Test
    void garbageTokenIsUnauthenticated() {
        assertUnauthenticated("not-a-jwt", "malformed token");
    }

    @Test
    void expiredTokenIsRefused() {
        String token = issuer.rs256(issuer.claims()
                .issueTime(Date.from(issuer.now().minus(Duration.ofMinutes(11))))
                .notBeforeTime(Date.from(issuer.now().minus(Duration.ofMinutes(11))))
                .expirationTime(Date.from(issuer.now().minus(Duration.ofSeconds(31))))
                .build());

        assertUnauthenticated(token, "token expired");
    }

    @Test
    void tokenExpiredWithinTheClockSkewStillPasses() {
        String token = issuer.rs256(issuer.claims()
                .notBeforeTime(Date.from(issuer.now().minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(issuer.now().minus(Duration.ofSeconds(20))))
                .build());

        assertThat(call(GuardedService.WHO_AM_I, token)).startsWith("alice@acme.example|");
    }

    @Test
    void tokenNotYetValidIsRefused() {
        String token = issuer.rs256(issuer.claims()
                .notBeforeTime(Date.from(issuer.now().plus(Duration.ofSeconds(31))))
                .build());

        assertUnauthenticated(token, "token not yet valid");
    }

    @Test
    void tokenOfAnotherIssuerIsRefused() {
        assertUnauthenticated(issuer.rs256(issuer.claims().issuer("https://evil.example.test").build()),
                "wrong issuer");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        assertUnauthenticated(issuer.rs256(issuer.claims().audience("another-service").build()), "wrong audience");
    }

    @Test
    void unsignedTokenWithAlgNoneIsRefused() {
        JWTClaimsSet claims = issuer.claims().claim("roles", List.of("READ", "ADMIN")).build();
        String token = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";

        assertUnauthenticated(token, "unsupported algorithm");
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsRefused() throws JOSEException {
        byte[] publicKeyAsSecret = issuer.rsa.toRSAPublicKey().getEncoded();
        String token = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestIssuer.RSA_KID).build(),
                new MACSigner(publicKeyAsSecret), issuer.claims().build());

        assertUnauthenticated(token, "unsupported algorithm");
    }

    @Test
    void tokenSignedWithAnUnknownKeyIsRefused() {
        String token = TestIssuer.sign(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-not-published").build(),
                TestIssuer.signer(TestIssuer.newRsaKey("rsa-not-published")), issuer.claims().build());

        assertUnauthenticated(token, "unknown key");
    }

    @Test
    void tokenWithoutKeyIdIsRefused() {
        String token = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                TestIssuer.signer(issuer.rsa), issuer.claims().build());

        assertUnauthenticated(token, "unknown key");
    }

    @Test
    void tokenSignedByAnotherKeyUnderAPublishedKeyIdIsRefused() {
        String token = TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TestIssuer.RSA_KID).build(),
                TestIssuer.signer(TestIssuer.newRsaKey(TestIssuer.RSA_KID)), issuer.claims().build());

        assertUnauthenticated(token, "bad signature");
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = issuer.rs256(issuer.claims().build()).split("\\.");
        String tampered = parts[0] + "."
                + Base64URL.encode(issuer.claims().claim("roles", List.of("READ", "ADMIN")).build().toString()
                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertUnauthenticated(tampered, "bad signature");
        StatusRuntimeException e = refused(GuardedService.ADMINISTER, tampered);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        assertUnauthenticated(issuer.rs256(issuer.claims().subject(null).build()), "token lacks a required claim");
    }

    @Test
    void callerWithoutTheMethodsRoleIsDenied() {
        String reader = issuer.rs256(issuer.claims().build());

        StatusRuntimeException e = refused(GuardedService.ADMINISTER, reader);

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(e.getStatus().getDescription()).isEqualTo("requires role ADMIN");
        String admin = issuer.rs256(issuer.claims().claim("roles", List.of("ADMIN")).build());
        assertThat(call(GuardedService.ADMINISTER, admin)).isEqualTo("ok");
    }

    @Test
    void methodWithoutDeclaredRoleIsDeniedToEveryone() {
        String everything = issuer.rs256(issuer.claims()
                .claim("tenants", "*")
                .claim("roles", List.of("INGEST", "READ", "AUDIT", "ADMIN"))
                .build());

        StatusRuntimeException e = refused(GuardedService.UNDECLARED, everything);

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void healthIsOpenWithoutToken() {
        server.markServing();

        assertThat(HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("").build())
                .getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void reflectionIsOpenWithoutToken() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName)
                                .toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();

        assertThat(services.get(5, TimeUnit.SECONDS)).contains("grpc.health.v1.Health");
    }
}
