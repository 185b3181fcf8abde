-- Clearlist schema, version 7: which organisation looks after the shared vault.

-- The vault (accounts, contacts, intent) is one per deployment; organisations license
-- segments of it. Its steward's Administrators import data into it from the app. The
-- first organisation of a deployment is its steward (the operator's own).
ALTER TABLE tenants ADD COLUMN vault_steward INTEGER NOT NULL DEFAULT 0
    CHECK (vault_steward IN (0, 1));
UPDATE tenants SET vault_steward = 1 WHERE id = (SELECT min(id) FROM tenants);
