package dev.successscore.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.grpc.GrpcServer;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side: a service's own token, from a file read again when it changes. */
class BearerTokensTest {

    private final AtomicReference<String> seen = new AtomicReference<>();
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                                                                         Metadata headers,
                                                                         ServerCallHandler<ReqT, RespT> next) {
                seen.set(headers.get(AuthInterceptor.AUTHORIZATION));
                return next.startCall(call, headers);
            }
        };
        server = GrpcServer.inProcess("tokens-" + UUID.randomUUID())
                .customize(builder -> builder.intercept(recorder)).build().start();
        channel = server.newChannel();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
    }

    private String sentWith(ClientInterceptor interceptor) {
        HealthGrpc.newBlockingStub(ClientInterceptors.intercept(channel, interceptor))
                .check(HealthCheckRequest.newBuilder().setService(GrpcServer.LIVENESS).build());
        return seen.get();
    }

    private static void write(Path file, String token, Instant modified) {
        try {
            Files.writeString(file, token + "\n");
            Files.setLastModifiedTime(file, FileTime.from(modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aGivenTokenIsSentAsBearer() {
        assertThat(sentWith(BearerTokens.of("abc.def.ghi"))).isEqualTo("Bearer abc.def.ghi");
    }

    @Test
    void theServiceTokenFileIsReadAgainWhenItChanges(@TempDir Path dir) {
        Path file = dir.resolve("token");
        write(file, "first.token.x", Instant.parse("2030-01-01T00:00:00Z"));
        ClientInterceptor interceptor = BearerTokens.serviceToken(Settings.of(Map.of(
                BearerTokens.SERVICE_TOKEN_FILE, file.toString()))).orElseThrow();
        assertThat(sentWith(interceptor)).isEqualTo("Bearer first.token.x");
        write(file, "renewed.token.y", Instant.parse("2030-01-01T00:10:00Z"));
        assertThat(sentWith(interceptor)).isEqualTo("Bearer renewed.token.y");
    }

    @Test
    void anEmptiedTokenFileKeepsTheTokenReadBeforeUntilTheNewOneIsWritten(@TempDir Path dir) {
        Path file = dir.resolve("token");
        write(file, "first.token.x", Instant.parse("2030-01-01T00:00:00Z"));
        ClientInterceptor interceptor = BearerTokens.fromFile(file);

        write(file, "", Instant.parse("2030-01-01T00:10:00Z"));
        assertThat(sentWith(interceptor)).isEqualTo("Bearer first.token.x");
        assertThat(sentWith(interceptor)).isEqualTo("Bearer first.token.x");

        write(file, "renewed.token.y", Instant.parse("2030-01-01T00:10:01Z"));
        assertThat(sentWith(interceptor)).isEqualTo("Bearer renewed.token.y");
    }

    @Test
    void aTokenWrittenWithinTheSameClockTickAsTheEmptyFileIsStillRead(@TempDir Path dir) {
        Path file = dir.resolve("token");
        Instant tick = Instant.parse("2030-01-01T00:00:00Z");
        write(file, "first.token.x", tick);
        ClientInterceptor interceptor = BearerTokens.fromFile(file);

        write(file, "", tick);
        assertThat(sentWith(interceptor)).isEqualTo("Bearer first.token.x");
        write(file, "renewed.token.yz", tick);
        assertThat(sentWith(interceptor)).isEqualTo("Bearer renewed.token.yz");
    }

    @Test
    void aRemovedTokenFileKeepsTheTokenReadBefore(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("token");
        write(file, "first.token.x", Instant.parse("2030-01-01T00:00:00Z"));
        ClientInterceptor interceptor = BearerTokens.fromFile(file);

        Files.delete(file);
        assertThat(sentWith(interceptor)).isEqualTo("Bearer first.token.x");

        write(file, "renewed.token.y", Instant.parse("2030-01-01T00:10:00Z"));
        assertThat(sentWith(interceptor)).isEqualTo("Bearer renewed.token.y");
    }

    @Test
    void withoutAServiceTokenFileNoneIsSent() {
        assertThat(BearerTokens.serviceToken(Settings.of(Map.of()))).isEmpty();
    }

    @Test
    void aMissingOrEmptyTokenFileFailsAtStart(@TempDir Path dir) {
        assertThatThrownBy(() -> BearerTokens.fromFile(dir.resolve("absent"))).isInstanceOf(UncheckedIOException.class);
        Path empty = dir.resolve("empty");
        write(empty, " ", Instant.now());
        assertThatThrownBy(() -> BearerTokens.fromFile(empty)).hasMessageContaining("empty");
    }
}
