-- A maintenance guest's session belongs to no pool: it is an admin's work on one image, reached
-- by the viewer like any session. It has no data disk.
ALTER TABLE sessions ALTER COLUMN pool_id DROP NOT NULL;
ALTER TABLE sessions ADD COLUMN maintenance_of bigint REFERENCES images (id) ON DELETE RESTRICT;
ALTER TABLE sessions ADD CONSTRAINT sessions_pool_or_maintenance CHECK (num_nonnulls(pool_id, maintenance_of) = 1);
ALTER TABLE sessions DROP CONSTRAINT sessions_data_disk_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_data_disk_check CHECK (data_disk IN ('WRITABLE', 'READ_ONLY', 'NONE'));

-- The work of one maintenance guest, from Update until it is sealed or discarded. It outlives its
-- session (a guest shut down from inside keeps its disk on the host). One per image, farm-wide.
-- Its version, host and guest are its session's.
CREATE TABLE image_maintenance (
    image_id   bigint      PRIMARY KEY REFERENCES images (id) ON DELETE RESTRICT,
    session_id uuid        NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE RESTRICT,
    started_by text        NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now()
);
