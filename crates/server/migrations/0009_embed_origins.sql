-- Clearlist schema, version 9: the origins (scheme, host, port) each organisation allows to
-- frame its embed views, e.g. its CRM.
CREATE TABLE embed_origins (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    origin    TEXT NOT NULL,
    added_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, origin)
) STRICT;
