package dev.successscore.runtime.measure;

import java.time.Instant;

/**
 * Measures one tenant of an owning service at an instant and records what is news, inside the transaction that
 * holds the tenant's claim (see {@link DueMeasurements}).
 */
@FunctionalInterface
public interface TenantMeasurer {

    /**
     * Measures the tenant at {@code at}.
     *
     * @return what was found, kept as the tenant's current measurement, and when to measure again at the latest
     */
    Measured measure(String tenantId, Instant at);

    /**
     * Work done before the tenant is claimed, outside any transaction and without holding its row: calls to other
     * services, whose latency must not hold up writers of the tenant. Nothing by default.
     */
    default void prepare(String tenantId) {
    }

    /**
     * @param current     the measurement, kept (as JSON) as the tenant's current one; {@code null} for none
     * @param nextDueAt   when something known today changes the measurement (a certification expiring, data
     *                    ageing out of a window), or {@code null}: the tenant is then measured again when something
     *                    new arrives, and after the next UTC midnight
     */
    record Measured(Object current, Instant nextDueAt) {
    }
}
