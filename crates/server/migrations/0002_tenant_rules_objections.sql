-- Clearlist schema, version 2.

-- A tenant's own per-country email rules, where its counsel decided differently from the
-- deployment's defaults in `email_rules`. Exports use the tenant's rule when it has one.
CREATE TABLE tenant_email_rules (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    country    TEXT NOT NULL,
    rule       TEXT NOT NULL CHECK (rule IN ('opt-in', 'opt-out')),
    sources    TEXT NOT NULL,
    notes      TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, country)
) STRICT, WITHOUT ROWID;

-- People who objected to direct marketing (GDPR Art. 21), by pseudonym: an import that
-- brings their record again keeps it opted out.
CREATE TABLE objections (
    pseudonym   INTEGER PRIMARY KEY,
    objected_at INTEGER NOT NULL
) STRICT;


