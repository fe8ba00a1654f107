package dev.successscore.health.api;

import java.time.Instant;

/**
 * An alert or anomaly as reported (validated).
 *
 * @param resolvedAt {@code null} while open
 */
public record AlertRecord(String alertId, AlertKind kind, Subcategory subcategory, Severity severity, Instant openedAt,
                          Instant resolvedAt) {

    /** The first field in which {@code other} reports another alert (resolution aside), or {@code null}. */
    public String firstDifference(AlertRecord other) {
        if (kind != other.kind) {
            return "kind";
        }
        if (subcategory != other.subcategory) {
            return "subcategory";
        }
        if (severity != other.severity) {
            return "severity";
        }
        return openedAt.equals(other.openedAt) ? null : "opened_at";
    }

    /** Whether {@code other} reports the same alert, resolved or not. */
    public boolean sameAlertAs(AlertRecord other) {
        return alertId.equals(other.alertId) && kind == other.kind && subcategory == other.subcategory
                && severity == other.severity && openedAt.equals(other.openedAt);
    }
}
