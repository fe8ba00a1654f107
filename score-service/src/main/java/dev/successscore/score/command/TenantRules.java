package dev.successscore.score.command;

import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.score.api.OverrideValue;
import java.math.BigDecimal;

/** The rules a tenant score command must satisfy before anything is recorded. */
final class TenantRules {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private TenantRules() {
    }

    static void requireSameTenant(String commandTenant, String payloadTenant) {
        if (!commandTenant.equals(payloadTenant)) {
            throw InvalidArgumentException.field("tenant_id",
                    "the payload's tenant " + payloadTenant + " is not the addressed tenant " + commandTenant);
        }
    }

    static void requireValidOverride(OverrideValue override) {
        if (override.value().signum() < 0 || override.value().compareTo(HUNDRED) > 0) {
            throw InvalidArgumentException.field("value", "must be between 0 and 100");
        }
        if (override.value().scale() > 1) {
            throw InvalidArgumentException.field("value", "at most one decimal");
        }
        if (!override.expiresAt().isAfter(override.setAt())) {
            throw InvalidArgumentException.field("expire_time", "must be after the time the override is set");
        }
    }

    static void requireOverrideInForce(OverrideValue override) {
        if (override == null) {
            throw new FailedPreconditionException("NO_OVERRIDE", "the tenant has no override in force");
        }
    }
}
