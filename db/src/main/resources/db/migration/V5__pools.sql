-- Pools of two kinds, entitlements administered in the console, applications published from an
-- image's manifest, and one writer per user data disk. docs/schema.md explains each column.

-- DESKTOP: the image's whole desktop. APPLICATION: one application the image version offers,
-- alone on the screen; `application` is its id in the version's manifest.
ALTER TABLE desktop_pools ADD COLUMN kind text NOT NULL DEFAULT 'DESKTOP' CHECK (kind IN ('DESKTOP', 'APPLICATION'));
ALTER TABLE desktop_pools ADD COLUMN application text CHECK (application ~ '^[a-z][a-z0-9-]{0,31}$');
ALTER TABLE desktop_pools ADD CONSTRAINT desktop_pools_application_iff_kind
    CHECK ((kind = 'APPLICATION') = (application IS NOT NULL));
-- NONE: no network device at all. NAT: outbound only, through QEMU's user-mode NAT.
ALTER TABLE desktop_pools ADD COLUMN network text NOT NULL DEFAULT 'NONE' CHECK (network IN ('NONE', 'NAT'));

-- What a version's manifest offers: [{"id", "name", "icon"}], as its hosts report it.
ALTER TABLE image_versions ADD COLUMN applications jsonb NOT NULL DEFAULT '[]'::jsonb
    CHECK (jsonb_typeof(applications) = 'array');

-- One user, one data disk, one writer: a user's first live session mounts the disk writable,
-- any other live session at the same time read-only (decided under the placement lock).
ALTER TABLE sessions ADD COLUMN data_disk text NOT NULL DEFAULT 'WRITABLE' CHECK (data_disk IN ('WRITABLE', 'READ_ONLY'));
CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE state NOT IN ('STOPPED', 'FAILED', 'LOST');

-- The console's audit view filters by action (or its prefix) and pages newest first.
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC);
-- The admin's session list pages newest first.
CREATE INDEX sessions_created_idx ON sessions (created_at DESC);
