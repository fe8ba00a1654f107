package dev.successscore.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.StringValue;
import dev.successscore.runtime.grpc.GrpcServer;
import dev.successscore.runtime.security.AuthInterceptor;
import dev.successscore.runtime.security.MethodRoles;
import dev.successscore.runtime.security.Role;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import successscore.score.v1.WatchScoreChangesRequest;

/**
 * With authentication disabled every call runs as one anonymous caller: the limits charged to a caller (streams,
 * calls without a tenant) count per client address instead, so that one client cannot spend everyone's budget.
 */
class UnauthenticatedCallerKeysTest {

    private static final LimitSettings DEFAULTS = LimitSettings.defaults();
    private static final MethodRoles ROLES = MethodRoles.builder()
            .require(Role.READ, LimitsProbe.ECHO, LimitsProbe.WATCH).build();

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<ClientCall<?, ?>> calls = new ArrayList<>();
    private GrpcServer server;

    @AfterEach
    void stop() {
        calls.forEach(call -> call.cancel("test over", null));
        channels.forEach(ManagedChannel::shutdownNow);
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void streamsAreCountedPerClientAddress() throws Exception {
        ManagedChannel[] clients = twoClients(new LimitSettings(DEFAULTS.maxMessageBytes(), DEFAULTS.maxDeadline(),
                DEFAULTS.ratePerSecond(), DEFAULTS.rateRefreshPeriod(), DEFAULTS.maxRateLimitedKeys(), 2));

        assertThat(watch(clients[0]).get(5, TimeUnit.SECONDS)).isEqualTo("open");
        assertThat(watch(clients[0]).get(5, TimeUnit.SECONDS)).isEqualTo("open");
        assertThatThrownBy(() -> watch(clients[0]).get(5, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
                .hasMessageContaining("peer:127.0.0.1");

        assertThat(watch(clients[1]).get(5, TimeUnit.SECONDS)).as("another client's streams").isEqualTo("open");
    }

    @Test
    void callsWithoutATenantAreRateLimitedPerClientAddress() {
        ManagedChannel[] clients = twoClients(new LimitSettings(DEFAULTS.maxMessageBytes(), DEFAULTS.maxDeadline(),
                2, Duration.ofSeconds(1), DEFAULTS.maxRateLimitedKeys(), DEFAULTS.maxStreamsPerCaller()));

        echo(clients[0]);
        echo(clients[0]);
        assertThatThrownBy(() -> echo(clients[0]))
                .isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));

        assertThat(echo(clients[1])).as("another client's calls").isEmpty();
    }

    /** A TCP server without authentication, and a client from 127.0.0.1 and one from 127.0.0.2. */
    private ManagedChannel[] twoClients(LimitSettings limits) {
        InetAddress first = address("127.0.0.1");
        InetAddress second = address("127.0.0.2");
        assumeTrue(canBind(second), "127.0.0.2 is not an address of this machine");
        server = GrpcServer.forPort(0).bindAddress(first).limits(limits)
                .addService(new LimitsProbe().definition())
                .intercept(AuthInterceptor.insecureWithoutAuthentication(ROLES))
                .build().start();
        return new ManagedChannel[] {channelFrom(first), channelFrom(second)};
    }

    private ManagedChannel channelFrom(InetAddress local) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", server.port()))
                .usePlaintext()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
                        return new InetSocketAddress(local, 0);
                    }
                })
                .build();
        channels.add(channel);
        return channel;
    }

    private static String echo(ManagedChannel channel) {
        return ClientCalls.blockingUnaryCall(channel, LimitsProbe.ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), LimitsProbe.request("")).getValue();
    }

    /** Opens a server stream; completes with its first message, or fails with its status. */
    private CompletableFuture<String> watch(ManagedChannel channel) {
        ClientCall<WatchScoreChangesRequest, StringValue> call = channel.newCall(LimitsProbe.WATCH,
                CallOptions.DEFAULT);
        calls.add(call);
        CompletableFuture<String> first = new CompletableFuture<>();
        ClientCalls.asyncServerStreamingCall(call, LimitsProbe.request("t1"), new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                first.complete(value.getValue());
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        return first;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
