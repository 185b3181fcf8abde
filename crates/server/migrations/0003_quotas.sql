-- Clearlist schema, version 3: quotas on what users store.

-- Quota windows are no longer only days: `period` is the window's number since the Unix
-- epoch (a UTC day for daily quotas, a minute for the write allowance), by `kind`.
ALTER TABLE usage RENAME COLUMN day TO period;

-- How many account ids each snapshot and baseline holds, so an organisation's total is a
-- sum over an index rather than a parse of every stored array.
ALTER TABLE lists ADD COLUMN snapshot_size INTEGER NOT NULL DEFAULT 0;
UPDATE lists SET snapshot_size = coalesce(json_array_length(snapshot), 0);
ALTER TABLE searches ADD COLUMN baseline_size INTEGER NOT NULL DEFAULT 0;
UPDATE searches SET baseline_size = coalesce(json_array_length(baseline), 0);

CREATE INDEX lists_by_owner ON lists (tenant_id, owner_id);
CREATE INDEX searches_by_owner ON searches (tenant_id, owner_id);
CREATE INDEX suppression_lists_by_creator ON suppression_lists (tenant_id, created_by);
