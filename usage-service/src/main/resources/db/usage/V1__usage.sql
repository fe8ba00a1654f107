-- usage-service: entitlements, user directory, raw activity, daily rollups, measurement read model.

CREATE TABLE usage_tenant (
    tenant_id          text PRIMARY KEY,
    licensed_seats     integer NOT NULL CHECK (licensed_seats >= 0),
    enabled_features   text[] NOT NULL,
    entitlement_version bigint NOT NULL,
    created_at         timestamptz NOT NULL,
    -- set when something that changes the measurement arrived; cleared by the measurement that saw it
    measure_due_at     timestamptz,
    -- whether the mark is for something new (measured first) rather than the daily re-measurement
    change_pending     boolean NOT NULL DEFAULT false,
    last_measured_at   timestamptz,
    -- the latest evaluation, recorded as an event or not: the tenant's current adoption
    last_outcome       jsonb,
    engagement_dropped boolean NOT NULL DEFAULT false
);
CREATE INDEX usage_tenant_due ON usage_tenant (measure_due_at) WHERE measure_due_at IS NOT NULL;
CREATE INDEX usage_tenant_last_measured ON usage_tenant (last_measured_at);

-- every entitlement change, kept
CREATE TABLE usage_entitlement (
    tenant_id        text NOT NULL REFERENCES usage_tenant (tenant_id),
    version          bigint NOT NULL,
    licensed_seats   integer NOT NULL CHECK (licensed_seats >= 0),
    enabled_features text[] NOT NULL,
    changed_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

CREATE TABLE usage_user (
    tenant_id     text NOT NULL REFERENCES usage_tenant (tenant_id),
    user_id       text NOT NULL,
    department    text NOT NULL,
    org_level     text NOT NULL CHECK (org_level IN ('INDIVIDUAL_CONTRIBUTOR', 'MANAGER', 'EXECUTIVE')),
    active        boolean NOT NULL,
    registered_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- raw activity: the idempotency record of every accepted activity, kept for the raw-activity retention
CREATE TABLE usage_activity (
    tenant_id   text NOT NULL,
    activity_id text NOT NULL,
    user_id     text NOT NULL,
    feature     text NOT NULL, -- '' for a plain login
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, activity_id)
);
CREATE INDEX usage_activity_occurred ON usage_activity USING brin (occurred_at);

-- daily rollups per tenant, user, feature and UTC day: what measurements read, kept for 13 months
CREATE TABLE usage_daily (
    tenant_id text NOT NULL,
    day       date NOT NULL,
    user_id   text NOT NULL,
    feature   text NOT NULL, -- '' for a plain login
    events    integer NOT NULL,
    PRIMARY KEY (tenant_id, day, user_id, feature)
);

-- recorded adoption measurements (a projection of the event store, written in the same transaction)
CREATE TABLE usage_measurement (
    tenant_id      text NOT NULL,
    sequence       bigint NOT NULL,
    measurement_id text NOT NULL UNIQUE,
    measured_at    timestamptz NOT NULL,
    level          text NOT NULL,
    active_users   integer NOT NULL,
    signals        jsonb NOT NULL,
    PRIMARY KEY (tenant_id, sequence)
);
CREATE INDEX usage_daily_day ON usage_daily USING brin (day);
