-- Clearlist schema, version 6: the log of data-subject requests.

-- One row per request a tenant received: its kind, the person's pseudonym (never the
-- email), when it arrived and when it is due (one month later, GDPR Art. 12(3)), and when
-- and by whom it was carried out. A request is recorded `open` when it arrives and
-- `completed` when its action runs; one carried out at once is recorded completed.
CREATE TABLE dsr_requests (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id),
    kind         TEXT NOT NULL CHECK (kind IN ('access', 'erasure', 'objection')),
    pseudonym    INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'completed')),
    recorded_by  INTEGER REFERENCES users (id),
    completed_at INTEGER,
    completed_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX dsr_requests_by_tenant ON dsr_requests (tenant_id, received_at);
