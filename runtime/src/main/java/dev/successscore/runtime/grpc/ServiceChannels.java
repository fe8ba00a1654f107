package dev.successscore.runtime.grpc;

import dev.successscore.runtime.config.Settings;
import dev.successscore.runtime.logging.TraceParentClientInterceptor;
import dev.successscore.runtime.metrics.GrpcMetrics;
import dev.successscore.runtime.security.BearerTokens;
import dev.successscore.runtime.tls.TransportSecurity;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Channels from one service to another. A target such as {@code dns:///usage-service:7101} that resolves to
 * several replicas (a headless Kubernetes Service) is balanced on the client, call by call and stream by stream,
 * over every address it resolves to ({@code round_robin}); a plain {@code host:port} has one address anyway.
 *
 * <p>With TLS, a channel presents the calling service's certificate and accepts only a server whose certificate is
 * signed by the trusted CA and names the host called: {@code dns:///usage-service:7101} needs a certificate with
 * the DNS name {@code usage-service}.
 */
public final class ServiceChannels {

    /** The load-balancing policy of service-to-service channels. */
    public static final String LOAD_BALANCING = "round_robin";

    private ServiceChannels() {
    }

    /**
     * What every call from this service to another carries: its metrics in {@code registry}, the caller's trace, and
     * the service's own token when {@code CSS_AUTH_SERVICE_TOKEN_FILE} names one. Build it once and share it among
     * a service's channels (the token file is watched once).
     */
    public static List<ClientInterceptor> outgoing(Settings settings, MeterRegistry registry) {
        List<ClientInterceptor> outgoing = new ArrayList<>(List.of(GrpcMetrics.clientInterceptor(registry),
                new TraceParentClientInterceptor()));
        BearerTokens.serviceToken(settings).ifPresent(outgoing::add);
        return List.copyOf(outgoing);
    }

    /**
     * A channel builder for {@code target}, balanced over its replicas, secured by {@code security}: mutual TLS,
     * or plaintext when the service runs in plaintext.
     */
    public static ManagedChannelBuilder<?> forTarget(String target, TransportSecurity security) {
        return Grpc.newChannelBuilder(target, security.channelCredentials())
                .defaultLoadBalancingPolicy(LOAD_BALANCING);
    }

    /**
     * A plaintext channel builder for {@code target}, balanced over its replicas: for tests and tools on one
     * machine; services use {@link #forTarget(String, TransportSecurity)}.
     */
    public static ManagedChannelBuilder<?> forTarget(String target) {
        return ManagedChannelBuilder.forTarget(target).defaultLoadBalancingPolicy(LOAD_BALANCING).usePlaintext();
    }
}
