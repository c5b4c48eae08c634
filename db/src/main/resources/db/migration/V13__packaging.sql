-- Packaging guests (issue 15, step 2): an admin makes a package version in the browser, in a
-- guest of an image version that captures what an installation adds. Its session belongs to no
-- pool: it names the package it makes (which may not exist yet, hence a name, not a key).
ALTER TABLE sessions ADD COLUMN packaging_of text CHECK (packaging_of ~ '^[a-z][a-z0-9-]{0,31}$');
ALTER TABLE sessions DROP CONSTRAINT sessions_pool_or_maintenance;
ALTER TABLE sessions ADD CONSTRAINT sessions_pool_or_maintenance
    CHECK (num_nonnulls(pool_id, maintenance_of, packaging_of) = 1);

-- The work of one packaging guest, from New package until it is sealed or discarded: one per
-- package name, farm-wide. Like image_maintenance it outlives its session (a guest shut down
-- from inside keeps its work on the host until it is discarded). Its image version, host and
-- guest are its session's.
CREATE TABLE package_packaging (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,31}$'),
    session_id uuid        NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE RESTRICT,
    started_by text        NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now()
);
