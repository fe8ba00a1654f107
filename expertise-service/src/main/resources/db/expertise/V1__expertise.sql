-- expertise-service: learning credits, the cached roster from usage-service, measuring state.

CREATE TABLE expertise_tenant (
    tenant_id         text PRIMARY KEY,
    created_at        timestamptz NOT NULL,
    measure_due_at    timestamptz,
    change_pending    boolean NOT NULL DEFAULT false,
    last_measured_at  timestamptz,
    -- the latest evaluation, recorded as an event or not: the tenant's current Customer Expertise
    last_outcome      jsonb,
    -- when the roster below was last received from usage-service; NULL: never
    roster_fetched_at timestamptz
);
CREATE INDEX expertise_tenant_due ON expertise_tenant (measure_due_at) WHERE measure_due_at IS NOT NULL;

-- the last roster received from usage-service (its registered, active users)
CREATE TABLE expertise_roster (
    tenant_id text NOT NULL REFERENCES expertise_tenant (tenant_id),
    user_id   text NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE expertise_credit (
    tenant_id     text NOT NULL REFERENCES expertise_tenant (tenant_id),
    credit_id     text NOT NULL,
    user_id       text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('BADGE', 'SUPERBADGE', 'CERTIFICATION', 'COURSE', 'EVENT_ATTENDANCE')),
    credential_id text NOT NULL,
    earned_at     timestamptz NOT NULL,
    expires_at    timestamptz CHECK (expires_at IS NULL OR (kind = 'CERTIFICATION' AND expires_at > earned_at)),
    revoked_at    timestamptz,
    PRIMARY KEY (tenant_id, credit_id)
);
CREATE INDEX expertise_credit_earned ON expertise_credit (tenant_id, earned_at);
CREATE INDEX expertise_credit_user ON expertise_credit (tenant_id, user_id);
