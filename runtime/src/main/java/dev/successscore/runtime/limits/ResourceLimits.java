package dev.successscore.runtime.limits;

import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;

import java.util.List;
import java.util.Objects;

/**
 * The resource limits of one gRPC server, as {@link LimitSettings} configure them:
 * <ul>
 *   <li>the largest inbound message, set on the server builder ({@link #configure}); gRPC itself refuses a larger
 *       one with {@code RESOURCE_EXHAUSTED};</li>
 *   <li>{@link DeadlineCap}: the server's deadline for unary and client-streaming calls, and a deadline required
 *       of client-streaming calls;</li>
 *   <li>{@link StreamsPerCaller}: open streaming calls per caller, and apart from them per client address on the
 *       services open to every caller (health, reflection);</li>
 *   <li>{@link TenantRateLimits}: request messages per second and tenant.</li>
 * </ul>
 *
 * <p>{@link dev.successscore.runtime.grpc.GrpcServer} installs them on every service of its TCP servers, inside the
 * configured interceptors (authentication, metrics) and outside the error mapping: a refused call is recorded in the
 * metrics with its status, logged in the call's logging context, and charged to its authenticated caller.
 */
public final class ResourceLimits {

    private final LimitSettings settings;
    private final List<ServerInterceptor> interceptors;
    private final List<ServerInterceptor> openServiceInterceptors;

    private ResourceLimits(LimitSettings settings) {
        this.settings = settings;
        // innermost first, as in ServerInterceptors.intercept: a call meets the deadline cap, then the stream slots,
        // then the rate limits, so that a call refused early takes no slot and no permit
        this.interceptors = List.of(
                new TenantRateLimits(settings),
                new StreamsPerCaller(settings.maxStreamsPerCaller()),
                new DeadlineCap(settings.maxDeadline()));
        this.openServiceInterceptors = List.of(new StreamsPerCaller(settings.maxStreamsPerCaller()));
    }

    /** Limits for one server (each server has its own rate limiters and stream slots). */
    public static ResourceLimits of(LimitSettings settings) {
        return new ResourceLimits(Objects.requireNonNull(settings, "settings"));
    }

    public LimitSettings settings() {
        return settings;
    }

    /** Sets the server-wide limits on {@code builder}. */
    public void configure(ServerBuilder<?> builder) {
        builder.maxInboundMessageSize(settings.maxMessageBytes());
    }

    /** The interceptors enforcing the per-call limits, innermost first (the order of ServerInterceptors.intercept). */
    public List<ServerInterceptor> interceptors() {
        return interceptors;
    }

    /**
     * The interceptors for the services open to every caller without a token (health, reflection): their streams
     * (health's Watch, reflection's) count per client address, at most {@link LimitSettings#maxStreamsPerCaller()},
     * apart from the streams of the service's own methods; an anonymous client cannot hold a server's memory with
     * thousands of them.
     */
    public List<ServerInterceptor> openServiceInterceptors() {
        return openServiceInterceptors;
    }
}
