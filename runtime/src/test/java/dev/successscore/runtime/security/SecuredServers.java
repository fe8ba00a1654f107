package dev.successscore.runtime.security;

import com.google.protobuf.TextFormat;
import com.google.protobuf.TypeRegistry;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For services' tests: their gRPC services served in-process behind a real, authenticating {@link AuthInterceptor}
 * (keys in a JWKS file, tokens from a {@link TestIssuer}), channels that call with a given token, and what a call
 * answered, comparable between tenants.
 */
public final class SecuredServers {

    /** The tokens' issuer; its clock is the one the interceptor checks expiry with. */
    public final TestIssuer issuer = new TestIssuer();
    private final Path jwks;

    public SecuredServers() {
        try {
            Path dir = Files.createTempDirectory("jwks");
            dir.toFile().deleteOnExit();
            jwks = issuer.writeJwks(dir.resolve("jwks.json"));
            jwks.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services behind an authenticating interceptor requiring {@code roles}, started and SERVING. */
    public GrpcServer serve(MethodRoles roles, List<? extends BindableService> services) {
        AuthSettings settings = new AuthSettings(false, Optional.of(jwks), Optional.empty(), TestIssuer.ISSUER,
                TestIssuer.AUDIENCE, Duration.ofSeconds(30));
        GrpcServer server = GrpcServer.inProcess("secured-" + UUID.randomUUID()).addServices(services)
                .intercept(AuthInterceptor.create(settings, roles, issuer.clock)).build().start();
        server.markServing();
        return server;
    }

    /** A token of {@code subject} for {@code tenants} ({@code "*"} alone: every tenant) holding {@code roles}. */
    public String token(String subject, List<String> tenants, Role... roles) {
        return issuer.rs256(issuer.claims().subject(subject)
                .claim("tenants", tenants.equals(List.of("*")) ? "*" : tenants)
                .claim("roles", Arrays.stream(roles).map(Role::name).toList())
                .build());
    }

    /** {@code channel}, calling with {@code token} ({@code null}: without a token). */
    public static Channel as(ManagedChannel channel, String token) {
        if (token == null) {
            return channel;
        }
        Metadata headers = new Metadata();
        headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * What a call answered, with the tenant id replaced by {@code <tenant>}: the status code, message and details
     * ({@code OK} when it succeeded). Two tenants whose answers are equal cannot be told apart by them.
     */
    public static String answer(Runnable call, String tenantId) {
        try {
            call.run();
            return "OK";
        } catch (StatusRuntimeException e) {
            Status status = StatusProto.fromThrowable(e);
            String text = e.getStatus().getCode() + ": " + e.getStatus().getDescription()
                    + (status == null ? "" : " " + DETAILS.printToString(status));
            return text.replace(tenantId, "<tenant>");
        }
    }

    /** The status code of a call, {@code OK} when it succeeded. */
    public static io.grpc.Status.Code code(Runnable call) {
        try {
            call.run();
            return io.grpc.Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** Prints a status with its details unpacked, so that tenant ids in them can be compared as text. */
    private static final TextFormat.Printer DETAILS = TextFormat.printer().usingTypeRegistry(TypeRegistry.newBuilder()
            .add(List.of(ResourceInfo.getDescriptor(), ErrorInfo.getDescriptor(), BadRequest.getDescriptor(),
                    com.google.rpc.RetryInfo.getDescriptor(), com.google.rpc.PreconditionFailure.getDescriptor()))
            .build());

    /** A tenant id no service accepts. */
    public static final String MALFORMED = "not a tenant!";

    /**
     * One row of a tenant isolation matrix: {@code call} (an RPC taking a tenant id, called by a caller of
     * {@code own} only) answers for its own tenant without being refused, for a foreign tenant exactly as for a tenant
     * that does not exist (a write that would create a tenant included: a caller cannot create a tenant outside its
     * claim either), and INVALID_ARGUMENT for a malformed id.
     */
    public static void assertIsolated(String rpc, Consumer<String> call, String own, String foreign,
                                      String missing) {
        String ownAnswer = answer(() -> call.accept(own), own);
        assertThat(ownAnswer).as("%s on its own tenant", rpc)
                .doesNotStartWith("NOT_FOUND").doesNotStartWith("PERMISSION_DENIED")
                .doesNotStartWith("UNAUTHENTICATED");
        String foreignAnswer = answer(() -> call.accept(foreign), foreign);
        assertThat(foreignAnswer).as("%s on a foreign tenant answers as on a missing one", rpc)
                .isNotEqualTo("OK")
                .isEqualTo(answer(() -> call.accept(missing), missing));
        assertThat(code(() -> call.accept(MALFORMED))).as("%s on a malformed tenant id", rpc)
                .isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    }
}
