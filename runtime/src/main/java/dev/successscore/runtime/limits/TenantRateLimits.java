package dev.successscore.runtime.limits;

import dev.successscore.runtime.grpc.RequestTenants;
import dev.successscore.runtime.security.Caller;
import dev.successscore.runtime.security.Callers;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-tenant rate limits: every request message (one per unary or server-streaming call, each message of a
 * client-streaming call) takes a permit from the limiter of the tenant its {@code tenant_id} field names
 * ({@link RequestTenants}). A message without a tenant, or naming a tenant its authenticated caller may not see (so
 * that made-up tenant ids buy no fresh quota), is charged to its caller: the subject, else the peer's address.
 *
 * <p>A message finding no permit closes its call at once with {@code RESOURCE_EXHAUSTED}, whose
 * {@code google.rpc.Status} carries a {@code RetryInfo} (the time until the limiter's next refresh), a
 * {@code QuotaFailure} naming the tenant or caller, and an {@code ErrorInfo} with reason {@code RATE_LIMITED}. Messages
 * of a stream that went through before stay handled.
 */
public final class TenantRateLimits implements ServerInterceptor {

    private final LimitSettings settings;
    private final RateLimiters limiters;

    public TenantRateLimits(LimitSettings settings) {
        this.settings = settings;
        this.limiters = new RateLimiters(settings.limitForPeriod(), settings.rateRefreshPeriod(),
                settings.maxRateLimitedKeys());
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (!settings.rateLimited()) {
            return next.startCall(call, headers);
        }
        GuardedCall<ReqT, RespT> guarded = new GuardedCall<>(call);
        Optional<Caller> caller = Callers.find();
        String callerKey = CallerKeys.of(call);
        return new RateLimitedListener<>(next.startCall(guarded, headers), guarded, caller, callerKey);
    }

    /** The limiters, for tests. */
    RateLimiters limiters() {
        return limiters;
    }

    /** Whom a message is charged to. */
    static String keyOf(Object message, Optional<Caller> caller, String callerKey) {
        String tenantId = RequestTenants.tenantIdOf(message);
        if (tenantId == null || (caller.isPresent() && !caller.get().canSee(tenantId))) {
            return callerKey;
        }
        return "tenant:" + tenantId;
    }

    private Duration retryAfter(AtomicRateLimiter limiter) {
        Duration period = settings.rateRefreshPeriod();
        long nanos = limiter.getDetailedMetrics().getNanosToWait();
        if (nanos <= 0) {
            return Duration.ofMillis(Math.min(1, period.toMillis()));
        }
        return Duration.ofNanos(Math.min(nanos, period.toNanos()));
    }

    /** Takes a permit for every message before the handler sees it. */
    private final class RateLimitedListener<ReqT> extends GuardedListener<ReqT> {

        private final Optional<Caller> caller;
        private final String callerKey;

        RateLimitedListener(ServerCall.Listener<ReqT> delegate, GuardedCall<ReqT, ?> call, Optional<Caller> caller,
                            String callerKey) {
            super(delegate, call, () -> {
            });
            this.caller = caller;
            this.callerKey = callerKey;
        }

        @Override
        public void onMessage(ReqT message) {
            if (call().isClosed()) {
                return;
            }
            String key = keyOf(message, caller, callerKey);
            AtomicRateLimiter limiter = limiters.of(key);
            if (limiter.acquirePermission()) {
                super.onMessage(message);
                return;
            }
            Refusals.close(call(), Refusals.rateLimited(key, settings.limitForPeriod(), settings.rateRefreshPeriod(),
                    retryAfter(limiter)));
        }
    }
}
