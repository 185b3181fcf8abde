-- Clearlist schema, version 10: the most rows one export of an organisation may hold.
-- Above it an export is refused whole, never cut short.
ALTER TABLE tenants ADD COLUMN export_max_rows INTEGER NOT NULL DEFAULT 25000
    CHECK (export_max_rows >= 1);
