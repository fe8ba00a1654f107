package dev.successscore.runtime.grpc;

import io.grpc.ManagedChannelBuilder;

/**
 * Channels from one service to another. A target such as {@code dns:///usage-service:7101} that resolves to
 * several replicas (a headless Kubernetes Service) is balanced on the client, call by call and stream by stream,
 * over every address it resolves to ({@code round_robin}); a plain {@code host:port} has one address anyway.
 */
public final class ServiceChannels {

    /** The load-balancing policy of service-to-service channels. */
    public static final String LOAD_BALANCING = "round_robin";

    private ServiceChannels() {
    }

    /** A plaintext channel builder for {@code target}, balanced over its replicas. */
    public static ManagedChannelBuilder<?> forTarget(String target) {
        return ManagedChannelBuilder.forTarget(target).defaultLoadBalancingPolicy(LOAD_BALANCING).usePlaintext();
    }
}
