-- Golden image versions as admins see and steer them: their title and note, where they came from,
-- the version they are layered on, their size, and pool roll-outs. docs/schema.md explains each
-- column. `label` stays the version's 16-hex id (the start of its manifest's sha256).

ALTER TABLE image_versions ADD COLUMN title text CHECK (length(title) BETWEEN 1 AND 100);
ALTER TABLE image_versions ADD COLUMN note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000);
ALTER TABLE image_versions ADD COLUMN source text NOT NULL DEFAULT 'built'
    CHECK (source IN ('built', 'maintenance', 'upload'));
-- A layered version's base disk is a qcow2 layer on its parent's: the parent cannot go first.
ALTER TABLE image_versions ADD COLUMN parent_id bigint REFERENCES image_versions (id) ON DELETE RESTRICT;
ALTER TABLE image_versions ADD COLUMN created_by text CHECK (length(created_by) BETWEEN 1 AND 200);
-- When it was made (built, sealed or uploaded); registered_at is when the farm first saw it.
ALTER TABLE image_versions ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE image_versions ADD COLUMN size_bytes bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0);
-- Deleted versions keep their row while sessions' history refers to them; their files are gone.
ALTER TABLE image_versions ADD COLUMN deleted_at timestamptz;
CREATE INDEX image_versions_parent_idx ON image_versions (parent_id) WHERE parent_id IS NOT NULL;
