-- Clearlist schema, version 4: saved searches remember the contacts they matched.

-- For a search with contact clauses, the pseudonyms (16 hex digits each, ascending) of the
-- contacts that made the list when the baseline was taken, so alerts can name the accounts
-- with new matching people. NULL for searches without contact clauses. Counted in
-- `baseline_size` with the account ids.
ALTER TABLE searches ADD COLUMN baseline_contacts TEXT;
