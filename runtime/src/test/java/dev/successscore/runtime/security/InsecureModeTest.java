package dev.successscore.runtime.security;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** With CSS_AUTH_DISABLED=true nobody is authenticated; method roles still close undeclared methods. */
class InsecureModeTest {

    private GrpcServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(1));
    }

    private void start() {
        AuthSettings settings = AuthSettings.from(Settings.of(Map.of(AuthSettings.DISABLED, "true")));
        server = GrpcServer.inProcess("insecure-" + UUID.randomUUID())
                .addService(new GuardedService().definition())
                .intercept(AuthInterceptor.create(settings, GuardedService.ROLES, Clock.systemUTC()))
                .build()
                .start();
        channel = server.newChannel();
    }

    @Test
    void everyCallRunsAsTheLocalCallerWithEveryRole() {
        start();

        String whoAmI = ClientCalls.blockingUnaryCall(channel, GuardedService.WHO_AM_I, CallOptions.DEFAULT,
                StringValue.of("")).getValue();

        assertThat(whoAmI).isEqualTo(Caller.UNAUTHENTICATED_LOCAL.subject() + "|*|[INGEST, READ, AUDIT, ADMIN]");
    }

    @Test
    void undeclaredMethodsStayClosed() {
        start();

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                ClientCalls.blockingUnaryCall(channel, GuardedService.UNDECLARED, CallOptions.DEFAULT,
                        StringValue.of("")));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
}
