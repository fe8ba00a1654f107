-- Read models of score-service: indexes over the event store, rebuilt from it on demand.
-- Each change's full record stays in the event store (one source of truth); these tables say
-- where to find it, by tenant, position, time and band.

-- The latest change of each tenant, with what listing and sweeping need.
CREATE TABLE score_current (
    tenant_id          TEXT PRIMARY KEY,
    position           BIGINT       NOT NULL,
    change_time        TIMESTAMPTZ  NOT NULL,
    state              TEXT         NOT NULL,
    composite          NUMERIC(4, 1),
    computed_composite NUMERIC(4, 1),
    band               TEXT,
    adoption_score     NUMERIC(4, 1),
    expertise_score    NUMERIC(4, 1),
    health_score       NUMERIC(4, 1),
    policy_version     INTEGER      NOT NULL,
    next_expiry_time   TIMESTAMPTZ,
    hash               TEXT         NOT NULL
);
CREATE INDEX score_current_band ON score_current (band, tenant_id);
CREATE INDEX score_current_next_expiry ON score_current (next_expiry_time) WHERE next_expiry_time IS NOT NULL;

-- Every recorded change, for history, explanation and reports.
CREATE TABLE score_change (
    tenant_id   TEXT        NOT NULL,
    position    BIGINT      NOT NULL,
    change_time TIMESTAMPTZ NOT NULL,
    cause_type  TEXT        NOT NULL,
    composite   NUMERIC(4, 1),
    band        TEXT,
    hash        TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, position)
);
CREATE INDEX score_change_time ON score_change (tenant_id, change_time, position);

-- Alerts raised by changes (spec section 5); open while resolved_time is null.
CREATE TABLE score_alert (
    alert_id          TEXT PRIMARY KEY,
    tenant_id         TEXT        NOT NULL,
    kind              TEXT        NOT NULL,
    category          TEXT,
    raise_time        TIMESTAMPTZ NOT NULL,
    raised_position   BIGINT      NOT NULL,
    message           TEXT        NOT NULL,
    resolved_time     TIMESTAMPTZ,
    resolved_position BIGINT
);
CREATE INDEX score_alert_open ON score_alert (tenant_id) WHERE resolved_time IS NULL;
