-- Application packages (issue 15): an application in a read-only squashfs layer of its own,
-- attached to sessions beside the golden image and versioned like its versions. docs/schema.md
-- explains each column.

CREATE TABLE packages (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9-]{0,31}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A package version is immutable and named by the sha256 of its manifest (`label`: its 16-hex id).
CREATE TABLE package_versions (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    package_id        bigint      NOT NULL REFERENCES packages (id) ON DELETE RESTRICT,
    sha256            text        NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    label             text        NOT NULL CHECK (label ~ '^[0-9a-f]{16}$'),
    title             text        NOT NULL DEFAULT '' CHECK (length(title) <= 100),
    note              text        NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    source            text        NOT NULL CHECK (source IN ('script', 'packaging', 'upload')),
    -- The image (and version, NULL: any) the package was made on, and that guest's operating system.
    made_for_image    text        NOT NULL CHECK (made_for_image ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    made_for_version  text        CHECK (made_for_version ~ '^[0-9a-f]{16}$'),
    made_for_os       text        NOT NULL DEFAULT '' CHECK (length(made_for_os) <= 100),
    -- [{"id", "name", "icon"}] as the manifest offers them; the commands stay in the package.
    applications      jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(applications) = 'array'),
    size_bytes        bigint      NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    created_by        text        CHECK (length(created_by) BETWEEN 1 AND 200),
    created_at        timestamptz NOT NULL DEFAULT now(),
    registered_at     timestamptz NOT NULL DEFAULT now(),
    -- Deleted versions keep their row while sessions' history refers to them; their files are gone.
    deleted_at        timestamptz,
    UNIQUE (package_id, label)
);

-- The packages a pool's new sessions get, in order (the menu's); at most 16, one version of a
-- package per pool (checked by the server, as the package is a column away).
CREATE TABLE pool_packages (
    pool_id            bigint   NOT NULL REFERENCES desktop_pools (id) ON DELETE CASCADE,
    package_version_id bigint   NOT NULL REFERENCES package_versions (id) ON DELETE RESTRICT,
    position           smallint NOT NULL CHECK (position BETWEEN 0 AND 15),
    PRIMARY KEY (pool_id, position),
    UNIQUE (pool_id, package_version_id)
);
CREATE INDEX pool_packages_version_idx ON pool_packages (package_version_id);

-- The packages the session got, fixed at placement as image_version_id is:
-- [{"name", "version"}] in the pool's order.
ALTER TABLE sessions ADD COLUMN packages jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(packages) = 'array');

-- The last heartbeat's packages, as the host sent them, beside its images.
ALTER TABLE hosts ADD COLUMN packages jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(packages) = 'array');
