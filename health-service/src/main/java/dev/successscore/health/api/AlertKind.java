package dev.successscore.health.api;

/** What raised an alert: monitoring, or anomaly detection on the tenant's performance metrics. */
public enum AlertKind {
    ALERT,
    ANOMALY
}
