-- Ventana's first schema. docs/schema.md explains each table.
-- Conventions: bigint identity keys, timestamptz for every instant, text with CHECKs instead of
-- varchar(n), enum-like columns as CHECKed text (a new value is one migration, not an ALTER TYPE).

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text        NOT NULL,
    display_name  text        NOT NULL,
    -- Spring Security's delegating format: "{bcrypt}$2a$..."; never a clear password.
    password_hash text        NOT NULL,
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    CONSTRAINT users_display_name_length CHECK (length(display_name) BETWEEN 1 AND 200),
    CONSTRAINT users_password_hash_format CHECK (password_hash ~ '^\{[a-z0-9]+\}.{20,}$')
);
CREATE UNIQUE INDEX users_username_key ON users (username);

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    text   NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE groups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE group_members (
    group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_idx ON group_members (user_id);

CREATE TABLE images (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- An image version is immutable and named by the sha256 of its manifest.
CREATE TABLE image_versions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    image_id       bigint      NOT NULL REFERENCES images (id) ON DELETE RESTRICT,
    sha256         text        NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    label          text        NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    base_disk      text        NOT NULL,
    kernel         text,
    initrd         text,
    kernel_cmdline text,
    screen_width   integer     NOT NULL DEFAULT 1024 CHECK (screen_width BETWEEN 320 AND 8192),
    screen_height  integer     NOT NULL DEFAULT 768 CHECK (screen_height BETWEEN 200 AND 8192),
    registered_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (image_id, label),
    -- Lets desktop_pools prove its current version belongs to its own image.
    UNIQUE (id, image_id),
    -- Direct boot needs both a kernel and an initrd; a disk boot needs neither.
    CONSTRAINT image_versions_direct_boot CHECK ((kernel IS NULL) = (initrd IS NULL)),
    CONSTRAINT image_versions_cmdline_needs_kernel CHECK (kernel_cmdline IS NULL OR kernel IS NOT NULL)
);

CREATE TABLE desktop_pools (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    display_name       text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    image_id           bigint      NOT NULL REFERENCES images (id) ON DELETE RESTRICT,
    -- Publishing is one atomic update of this column; NULL until a first version is published.
    current_version_id bigint,
    memory_mib         integer     NOT NULL DEFAULT 512 CHECK (memory_mib BETWEEN 64 AND 262144),
    vcpus              integer     NOT NULL DEFAULT 1 CHECK (vcpus BETWEEN 1 AND 64),
    max_sessions       integer     CHECK (max_sessions IS NULL OR max_sessions > 0),
    enabled            boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (current_version_id, image_id) REFERENCES image_versions (id, image_id) ON DELETE RESTRICT
);

-- Who may launch a pool: a user or a group, never both in one row.
CREATE TABLE entitlements (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_id    bigint      NOT NULL REFERENCES desktop_pools (id) ON DELETE CASCADE,
    user_id    bigint      REFERENCES users (id) ON DELETE CASCADE,
    group_id   bigint      REFERENCES groups (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT entitlements_one_subject CHECK (num_nonnulls(user_id, group_id) = 1)
);
CREATE UNIQUE INDEX entitlements_pool_user_key ON entitlements (pool_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX entitlements_pool_group_key ON entitlements (pool_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX entitlements_user_idx ON entitlements (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX entitlements_group_idx ON entitlements (group_id) WHERE group_id IS NOT NULL;

CREATE TABLE hosts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 253),
    agent_url         text        NOT NULL UNIQUE CHECK (agent_url ~ '^https?://'),
    state             text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'DRAINING', 'DOWN')),
    cpu_cores         integer     NOT NULL CHECK (cpu_cores > 0),
    memory_mib        bigint      NOT NULL CHECK (memory_mib > 0),
    last_heartbeat_at timestamptz,
    registered_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    id               uuid PRIMARY KEY,
    user_id          bigint      NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    pool_id          bigint      NOT NULL REFERENCES desktop_pools (id) ON DELETE RESTRICT,
    -- The version the session started on; running sessions keep it across a publish.
    image_version_id bigint      NOT NULL REFERENCES image_versions (id) ON DELETE RESTRICT,
    host_id          bigint      REFERENCES hosts (id) ON DELETE RESTRICT,
    state            text        NOT NULL CHECK (state IN ('PLACING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED')),
    failure_reason   text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    ended_at         timestamptz,
    last_seen_at     timestamptz,
    CONSTRAINT sessions_failure_has_reason CHECK ((state = 'FAILED') = (failure_reason IS NOT NULL)),
    CONSTRAINT sessions_ended_iff_final CHECK ((state IN ('STOPPED', 'FAILED')) = (ended_at IS NOT NULL)),
    CONSTRAINT sessions_started_after_created CHECK (started_at IS NULL OR started_at >= created_at),
    CONSTRAINT sessions_ended_after_created CHECK (ended_at IS NULL OR ended_at >= created_at),
    CONSTRAINT sessions_placed_when_started CHECK (state IN ('PLACING', 'FAILED', 'STOPPED') OR host_id IS NOT NULL)
);
-- A user has at most one live session per pool: reconnecting finds it instead of starting another.
CREATE UNIQUE INDEX sessions_one_live_per_user_pool ON sessions (user_id, pool_id)
    WHERE state NOT IN ('STOPPED', 'FAILED');
CREATE INDEX sessions_host_live_idx ON sessions (host_id) WHERE state NOT IN ('STOPPED', 'FAILED');
CREATE INDEX sessions_image_version_idx ON sessions (image_version_id);

-- Append-only. The actor is a name, not a key: the trail outlives deleted users.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    action      text        NOT NULL CHECK (action ~ '^[a-z]+(\.[a-z_]+)+$'),
    target      text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC);
CREATE INDEX audit_events_actor_idx ON audit_events (actor, occurred_at DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- Keys the server generates once and every server of the farm shares through the database,
-- such as the key that signs API tokens. Never logged, never sent to a client.
CREATE TABLE server_secrets (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]*$'),
    secret     bytea       NOT NULL CHECK (length(secret) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
