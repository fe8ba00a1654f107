package dev.successscore.score.command;

import dev.successscore.runtime.grpc.FailedPreconditionException;
import dev.successscore.runtime.grpc.FieldViolations;
import dev.successscore.runtime.grpc.InvalidArgumentException;
import dev.successscore.runtime.validation.Ids;
import dev.successscore.score.api.Category;
import dev.successscore.score.api.Measurement;
import dev.successscore.score.api.SignalReading;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import dev.successscore.score.api.OverrideValue;
import java.math.BigDecimal;

/** The rules a tenant score command must satisfy before anything is recorded. */
final class TenantRules {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern SIGNAL_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private TenantRules() {
    }

    static void requireSameTenant(String commandTenant, String payloadTenant) {
        if (!commandTenant.equals(payloadTenant)) {
            throw InvalidArgumentException.field("tenant_id",
                    "the payload's tenant " + payloadTenant + " is not the addressed tenant " + commandTenant);
        }
    }

    /**
     * A measurement must name its id, category, time and source, and each signal a key, a type and
     * a score within 0..100 (or none: not available). Violations name the contract's fields.
     */
    static void requireValidMeasurement(Measurement m) {
        FieldViolations violations = new FieldViolations();
        violations.check(() -> Ids.requireValid("measurement.measurement_id", m.measurementId()));
        if (m.category() == null) {
            violations.add("measurement.category", "must name a category");
        }
        if (m.measuredAt() == null) {
            violations.add("measurement.measured_at", "is required");
        }
        if (m.sourceService() == null || m.sourceService().isBlank()) {
            violations.add("measurement.source_service", "is required");
        }
        if (m.adoptionLevel() != null && m.category() != Category.PRODUCT_ADOPTION) {
            violations.add("measurement.adoption_level", "is reported with Product Adoption only");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < m.signals().size(); i++) {
            SignalReading s = m.signals().get(i);
            String field = "measurement.signals[" + i + "]";
            if (s.key() == null || !SIGNAL_KEY.matcher(s.key()).matches()) {
                violations.add(field + ".key", "must match " + SIGNAL_KEY.pattern());
            } else if (!keys.add(s.key())) {
                violations.add(field + ".key", s.key() + " appears twice");
            }
            if (s.type() == null) {
                violations.add(field + ".type", "must name a signal type");
            }
            if (s.score() != null && (s.score() < 0 || s.score() > 100)) {
                violations.add(field + ".score", "must be between 0 and 100, or absent when not available");
            }
        }
        violations.throwIfAny();
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
