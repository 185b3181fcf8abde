-- Clearlist schema, version 5: one-time sign-in links and when each user last signed in.

-- A link an Administrator hands a new user (or one who forgot their password) to set
-- their own password. Only a hash of the token is stored, as for sessions; a link works
-- once, until `expires_at`, and issuing a new one for the same user voids the old.
CREATE TABLE sign_in_links (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('welcome', 'reset')),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
CREATE INDEX sign_in_links_by_user ON sign_in_links (user_id);

ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;
