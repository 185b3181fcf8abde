-- Clearlist schema, version 1.
--
-- Two halves: the vault (personal data, shared by every tenant: accounts, contacts,
-- intent, erasures, email rules) and the tenants' own records (users, sessions, lists,
-- searches, suppression lists, exports, audit log). Times are Unix seconds (UTC);
-- pseudonyms are the 64-bit keyed PRF values, stored bit-for-bit as INTEGER.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- the vault

CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    domain       TEXT NOT NULL,
    country      TEXT NOT NULL,
    city         TEXT NOT NULL,
    industry     TEXT NOT NULL,
    employees    INTEGER NOT NULL,
    revenue_usd  INTEGER NOT NULL,
    technologies TEXT NOT NULL,  -- JSON array of strings
    topics       TEXT NOT NULL,  -- JSON array of strings
    vendors      TEXT NOT NULL,  -- JSON array of strings
    description  TEXT NOT NULL
) STRICT;

CREATE TABLE contacts (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    email          TEXT NOT NULL,
    title          TEXT NOT NULL,
    function       TEXT NOT NULL,
    seniority      TEXT NOT NULL,
    country        TEXT NOT NULL,
    lawful_basis   TEXT NOT NULL CHECK (lawful_basis IN ('consent', 'legitimate-interest')),
    opted_out      INTEGER NOT NULL CHECK (opted_out IN (0, 1)),
    email_download INTEGER NOT NULL CHECK (email_download IN (0, 1)),
    pseudonym      INTEGER NOT NULL,
    source         TEXT NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_by_account ON contacts (account_id);
CREATE INDEX contacts_by_pseudonym ON contacts (pseudonym);

CREATE TABLE intent (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    segment    TEXT NOT NULL,
    weeks      BLOB NOT NULL,    -- 13 weeks × (readers, senior readers, late stage, vendors), u16 LE
    last_touch INTEGER,          -- days since 1970-01-01
    PRIMARY KEY (account_id, segment)
) STRICT, WITHOUT ROWID;

-- People who asked to be erased: only the pseudonym of their email is kept, so that no
-- import adds them again.
CREATE TABLE erasures (
    pseudonym INTEGER PRIMARY KEY,
    erased_at INTEGER NOT NULL
) STRICT;

-- Per-country B2B email rule: whether an email to a business contact needs consent.
CREATE TABLE email_rules (
    country    TEXT PRIMARY KEY,
    rule       TEXT NOT NULL CHECK (rule IN ('opt-in', 'opt-out')),
    sources    TEXT NOT NULL,
    notes      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- ---------------------------------------------------------------- tenants

CREATE TABLE tenants (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE tenant_segments (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    segment   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, segment)
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('administrator', 'list-builder', 'read-only')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX users_by_tenant ON users (tenant_id);

-- Only a hash of the session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE lists (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,   -- canonical list URL query
    shared      INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    snapshot    TEXT,            -- JSON array of account ids, frozen at snapshot_at
    snapshot_at INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX lists_by_tenant ON lists (tenant_id);

CREATE TABLE list_assignments (
    list_id     INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_by INTEGER NOT NULL REFERENCES users (id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (list_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE searches (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id),
    owner_id         INTEGER NOT NULL REFERENCES users (id),
    name             TEXT NOT NULL,
    definition       TEXT NOT NULL,
    alerts           INTEGER NOT NULL DEFAULT 1 CHECK (alerts IN (0, 1)),
    baseline_version TEXT,       -- dataset version the baseline was taken on
    baseline         TEXT,       -- JSON array of the account ids that matched then
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX searches_by_tenant ON searches (tenant_id);

-- A tenant's suppression lists hold the minimum: email pseudonyms and domains.
CREATE TABLE suppression_lists (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    name       TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX suppression_lists_by_tenant ON suppression_lists (tenant_id);

CREATE TABLE suppression_pseudonyms (
    list_id   INTEGER NOT NULL REFERENCES suppression_lists (id) ON DELETE CASCADE,
    pseudonym INTEGER NOT NULL,
    PRIMARY KEY (list_id, pseudonym)
) STRICT, WITHOUT ROWID;

CREATE TABLE suppression_domains (
    list_id INTEGER NOT NULL REFERENCES suppression_lists (id) ON DELETE CASCADE,
    domain  TEXT NOT NULL,
    PRIMARY KEY (list_id, domain)
) STRICT, WITHOUT ROWID;

CREATE TABLE exports (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    list_id         INTEGER,         -- NULL once the list is deleted; the name stays
    list_name       TEXT NOT NULL,
    definition      TEXT NOT NULL,
    dataset_version TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    rows            INTEGER NOT NULL,
    excluded        TEXT NOT NULL,   -- JSON object: reason → count
    bases           TEXT NOT NULL,   -- JSON object: lawful basis → rows
    flagged_at      INTEGER,         -- set when a contact in it later opted out or was erased
    flag_reason     TEXT
) STRICT;
CREATE INDEX exports_by_tenant ON exports (tenant_id, created_at);

-- Who was in an export, by pseudonym only: it survives the contact's erasure, so the
-- export can be flagged.
CREATE TABLE export_contacts (
    export_id INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
    pseudonym INTEGER NOT NULL,
    PRIMARY KEY (export_id, pseudonym)
) STRICT, WITHOUT ROWID;
CREATE INDEX export_contacts_by_pseudonym ON export_contacts (pseudonym);

-- Append-only record of who did what. `detail` is JSON and never holds an email or name.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    tenant_id INTEGER REFERENCES tenants (id),
    user_id   INTEGER REFERENCES users (id),
    at        INTEGER NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_tenant ON audit_log (tenant_id, at);

-- Daily quotas: exports and PRF evaluations per user and UTC day.
CREATE TABLE usage (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day     INTEGER NOT NULL,  -- days since 1970-01-01
    kind    TEXT NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (user_id, day, kind)
) STRICT, WITHOUT ROWID;
