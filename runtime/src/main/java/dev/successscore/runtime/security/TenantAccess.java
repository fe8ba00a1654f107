package dev.successscore.runtime.security;

import dev.successscore.runtime.grpc.NotFoundException;

import java.util.function.Supplier;

/**
 * Tenant isolation: a tenant the caller may not see does not exist for it. The refusal is the very
 * {@link NotFoundException} a service throws for a tenant it does not know, so that a caller cannot tell a foreign
 * tenant from a missing one by status, message or details.
 *
 * <pre>{@code
 * TenantAccess.require(request.getTenantId());                          // answers like "tenant 'x' not found"
 * TenantAccess.require(request.getTenantId(), "adoption measurement");  // like that service's own not-found
 * }</pre>
 */
public final class TenantAccess {

    /** The resource type of {@link #require(String)}. */
    public static final String TENANT = "tenant";

    private TenantAccess() {
    }

    /**
     * Passes when the current caller may see {@code tenantId}.
     *
     * @throws NotFoundException {@code tenant '<id>' not found} otherwise
     * @throws IllegalStateException outside an authenticated call
     */
    public static void require(String tenantId) {
        require(tenantId, TENANT);
    }

    /**
     * Passes when the current caller may see {@code tenantId}; otherwise answers exactly as the service answers for
     * a tenant that has no {@code resourceType}.
     *
     * @throws NotFoundException {@code new NotFoundException(resourceType, tenantId)} otherwise
     */
    public static void require(String tenantId, String resourceType) {
        require(tenantId, () -> new NotFoundException(resourceType, tenantId));
    }

    /**
     * Passes when the current caller may see {@code tenantId}; otherwise throws {@code answer}'s exception: the very
     * answer the handler gives for a tenant it does not know, when that is not a plain not-found (a write that needs
     * the tenant to exist first, say).
     *
     * @throws IllegalStateException outside an authenticated call
     */
    public static void require(String tenantId, Supplier<? extends RuntimeException> answer) {
        if (!Callers.current().canSee(tenantId)) {
            throw answer.get();
        }
    }

    /** Whether the current caller may see {@code tenantId}: for filtering lists that span tenants. */
    public static boolean canSee(String tenantId) {
        return Callers.current().canSee(tenantId);
    }
}
