-- health-service: monitoring enrolments, alerts and anomalies, measuring state.

CREATE TABLE health_tenant (
    tenant_id        text PRIMARY KEY,
    created_at       timestamptz NOT NULL,
    measure_due_at   timestamptz,
    change_pending   boolean NOT NULL DEFAULT false,
    last_measured_at timestamptz,
    -- the latest evaluation, recorded as an event or not: the tenant's current Technical Health
    last_outcome     jsonb
);
CREATE INDEX health_tenant_due ON health_tenant (measure_due_at) WHERE measure_due_at IS NOT NULL;

-- a subcategory's monitoring: when it was enrolled and when it last sent data (heartbeat, alert, resolution)
CREATE TABLE health_subcategory (
    tenant_id    text NOT NULL REFERENCES health_tenant (tenant_id),
    subcategory  text NOT NULL CHECK (subcategory IN ('PERFORMANCE', 'RELIABILITY', 'SECURITY', 'LIMITS')),
    enrolled_at  timestamptz NOT NULL,
    last_data_at timestamptz,
    PRIMARY KEY (tenant_id, subcategory)
);

CREATE TABLE health_alert (
    tenant_id   text NOT NULL,
    alert_id    text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('ALERT', 'ANOMALY')),
    subcategory text NOT NULL,
    severity    text NOT NULL CHECK (severity IN ('CRITICAL', 'MAJOR', 'MINOR')),
    opened_at   timestamptz NOT NULL,
    resolved_at timestamptz CHECK (resolved_at IS NULL OR resolved_at >= opened_at),
    PRIMARY KEY (tenant_id, alert_id)
);
CREATE INDEX health_alert_open ON health_alert (tenant_id, opened_at) WHERE resolved_at IS NULL;
CREATE INDEX health_alert_resolved ON health_alert (tenant_id, resolved_at);
