-- The farm: session hosts register themselves and report in heartbeats; the server declares a
-- silent host DOWN and its sessions LOST; pools carry session policies; the server shows users
-- notices in their viewers. docs/schema.md explains each column.

-- Draining is the admin's choice and outlives a host going down and coming back, so it is a
-- flag beside the liveness state. FENCING: back from DOWN, ending the guests of its lost
-- sessions; it takes no new sessions until a heartbeat shows them gone.
ALTER TABLE hosts DROP CONSTRAINT hosts_state_check;
ALTER TABLE hosts ADD COLUMN draining boolean NOT NULL DEFAULT false;
UPDATE hosts SET draining = (state = 'DRAINING'), state = CASE state WHEN 'DOWN' THEN 'DOWN' ELSE 'UP' END;
ALTER TABLE hosts ALTER COLUMN state SET DEFAULT 'UP';
ALTER TABLE hosts ADD CONSTRAINT hosts_state_check CHECK (state IN ('UP', 'FENCING', 'DOWN'));
-- A host that moved or was renamed registers anew; its old row may keep the address until it goes.
ALTER TABLE hosts DROP CONSTRAINT hosts_agent_url_key;
-- Memory the server may give to guests on this host (MiB): the machine's memory by default,
-- less when several hosts share one machine.
ALTER TABLE hosts ADD COLUMN capacity_mib bigint;
UPDATE hosts SET capacity_mib = memory_mib;
ALTER TABLE hosts ALTER COLUMN capacity_mib SET NOT NULL;
ALTER TABLE hosts ADD CONSTRAINT hosts_capacity_positive CHECK (capacity_mib > 0);
ALTER TABLE hosts ADD COLUMN memory_free_mib bigint NOT NULL DEFAULT 0 CHECK (memory_free_mib >= 0);
ALTER TABLE hosts ADD COLUMN load double precision NOT NULL DEFAULT 0 CHECK (load >= 0);
-- The last heartbeat's guests and image versions, as the host sent them, for the admin API.
ALTER TABLE hosts ADD COLUMN guests jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(guests) = 'array');
ALTER TABLE hosts ADD COLUMN images jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(images) = 'array');

-- LOST: the session's host went DOWN. Final, like STOPPED and FAILED: the user may launch anew.
ALTER TABLE sessions DROP CONSTRAINT sessions_state_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_state_check
    CHECK (state IN ('PLACING', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED', 'LOST'));
ALTER TABLE sessions DROP CONSTRAINT sessions_failure_has_reason;
ALTER TABLE sessions ADD CONSTRAINT sessions_failure_has_reason
    CHECK ((state IN ('FAILED', 'LOST')) = (failure_reason IS NOT NULL));
ALTER TABLE sessions DROP CONSTRAINT sessions_ended_iff_final;
ALTER TABLE sessions ADD CONSTRAINT sessions_ended_iff_final
    CHECK ((state IN ('STOPPED', 'FAILED', 'LOST')) = (ended_at IS NOT NULL));
DROP INDEX sessions_one_live_per_user_pool;
CREATE UNIQUE INDEX sessions_one_live_per_user_pool ON sessions (user_id, pool_id)
    WHERE state NOT IN ('STOPPED', 'FAILED', 'LOST');
DROP INDEX sessions_host_live_idx;
CREATE INDEX sessions_host_live_idx ON sessions (host_id) WHERE state NOT IN ('STOPPED', 'FAILED', 'LOST');
CREATE INDEX sessions_live_idx ON sessions (state) WHERE state NOT IN ('STOPPED', 'FAILED', 'LOST');
-- Memory the session holds on its host for placement: the pool's at launch.
ALTER TABLE sessions ADD COLUMN memory_mib integer NOT NULL DEFAULT 512 CHECK (memory_mib > 0);
-- From the host's heartbeats: the last keyboard or mouse input, and since when no viewer is attached.
ALTER TABLE sessions ADD COLUMN last_input_at timestamptz;
ALTER TABLE sessions ADD COLUMN disconnected_at timestamptz;

-- Session policies, enforced by the server; NULL switches a policy off.
ALTER TABLE desktop_pools ADD COLUMN disconnect_timeout_s integer DEFAULT 3600 CHECK (disconnect_timeout_s > 0);
ALTER TABLE desktop_pools ADD COLUMN idle_timeout_s integer CHECK (idle_timeout_s > 0);
ALTER TABLE desktop_pools ADD COLUMN max_length_s integer CHECK (max_length_s > 0);

-- What a user's viewer shows above the desktop (docs/protocol.md, "Notices"). Every change takes
-- a new seq, so each server's gateway finds what changed with one indexed query, however many
-- sessions there are.
CREATE SEQUENCE session_notices_seq;
CREATE TABLE session_notices (
    session_id   uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    notice_id    text        NOT NULL CHECK (notice_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    kind         text        NOT NULL CHECK (kind ~ '^[A-Z][A-Z_]{0,39}$'),
    level        text        NOT NULL CHECK (level IN ('info', 'warning', 'error')),
    body         text        NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    deadline     timestamptz,
    actions      text[]      NOT NULL DEFAULT '{}',
    cleared      boolean     NOT NULL DEFAULT false,
    seq          bigint      NOT NULL DEFAULT nextval('session_notices_seq'),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, notice_id)
);
CREATE INDEX session_notices_seq_idx ON session_notices (seq);
