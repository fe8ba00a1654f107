package dev.successscore.usage.api;

import java.time.Instant;
import java.util.List;

/**
 * What a tenant is entitled to from one change on.
 *
 * @param enabledFeatures the tenant's feature catalog, sorted, without duplicates
 * @param version         1 for the first entitlements, one more for each change
 * @param changedAt       when this version came into force
 */
public record Entitlements(String tenantId, int licensedSeats, List<String> enabledFeatures, long version,
                           Instant changedAt) {

    public Entitlements {
        enabledFeatures = List.copyOf(enabledFeatures);
    }

    /** Whether {@code other} grants the same seats and features. */
    public boolean grantsSameAs(int seats, List<String> features) {
        return licensedSeats == seats && enabledFeatures.equals(features);
    }
}
