-- Clearlist schema, version 8: what each user has seen of their notifications, and when
-- their last daily digest email went out.
ALTER TABLE users ADD COLUMN notifications_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN digest_sent_at INTEGER NOT NULL DEFAULT 0;
