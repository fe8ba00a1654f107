package dev.successscore.expertise.roster;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import successscore.usage.v1.ListTenantsRequest;
import successscore.usage.v1.ListTenantsResponse;
import successscore.usage.v1.ListUsersRequest;
import successscore.usage.v1.ListUsersResponse;
import successscore.usage.v1.UsageServiceGrpc;

/**
 * The roster from usage-service's {@code ListUsers}, every page, with a deadline on each call, retries on
 * transient codes only (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED) with exponential back-off,
 * and a circuit breaker that stops asking a usage-service that keeps failing (one trial call when it half-opens).
 * A tenant usage-service does not know has no roster (not an empty one).
 */
public final class UsageRosterClient implements RosterSource {

    private static final int PAGE_SIZE = 1000;

    private final UsageServiceGrpc.UsageServiceBlockingStub stub;
    private final Duration deadline;
    private final Retry retry;
    private final CircuitBreaker breaker;

    /**
     * @param deadline     of each ListUsers call
     * @param attempts     attempts of each call at most
     * @param breakerOpen  how long the breaker stays open before letting a trial call through
     */
    public UsageRosterClient(Channel channel, Duration deadline, int attempts, Duration breakerOpen) {
        this.stub = UsageServiceGrpc.newBlockingStub(channel);
        this.deadline = deadline;
        this.retry = Retry.of("usage-roster", RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2.0, 0.5))
                .retryOnException(UsageRosterClient::isTransient)
                .build());
        this.breaker = CircuitBreaker.of("usage-roster", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(breakerOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(UsageRosterClient::isTransient)
                .build());
    }

    @Override
    public Set<String> roster(String tenantId) {
        Set<String> users = new HashSet<>();
        String token = "";
        do {
            String pageToken = token;
            ListUsersResponse page;
            try {
                page = call(() -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .listUsers(ListUsersRequest.newBuilder().setTenantId(tenantId).setPageSize(PAGE_SIZE)
                                .setPageToken(pageToken).build()));
            } catch (StatusRuntimeException e) {
                // NOT_FOUND too: a tenant usage-service does not know (yet) has no roster, which is not an empty one
                throw new RosterUnavailableException("usage-service answered " + e.getStatus().getCode(), e);
            }
            page.getUsersList().forEach(u -> users.add(u.getUserId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return users;
    }

    @Override
    public Set<String> tenantIds() {
        Set<String> tenants = new HashSet<>();
        String token = "";
        do {
            String pageToken = token;
            ListTenantsResponse page;
            try {
                page = call(() -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .listTenants(ListTenantsRequest.newBuilder().setPageSize(10_000).setPageToken(pageToken)
                                .build()));
            } catch (StatusRuntimeException e) {
                throw new RosterUnavailableException("usage-service answered " + e.getStatus().getCode(), e);
            }
            tenants.addAll(page.getTenantIdsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return tenants;
    }

    private <T> T call(Supplier<T> call) {
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
        } catch (CallNotPermittedException e) {
            throw new RosterUnavailableException("usage-service's circuit breaker is open", e);
        } catch (StatusRuntimeException e) {
            if (isTransient(e)) {
                throw new RosterUnavailableException("usage-service unreachable: " + e.getStatus().getCode(), e);
            }
            throw e;
        }
    }

    /** Whether the breaker is letting calls through. */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    private static boolean isTransient(Throwable failure) {
        if (!(failure instanceof StatusRuntimeException e)) {
            return false;
        }
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED -> true;
            default -> false;
        };
    }
}
