-- Launching desktops: which guest on its host runs a session, pools open to every user, and
-- the single-use display tickets of the gateway.

ALTER TABLE sessions ADD COLUMN guest_id text CHECK (guest_id ~ '^[A-Za-z0-9._-]{1,100}$');
CREATE UNIQUE INDEX sessions_host_guest_key ON sessions (host_id, guest_id) WHERE guest_id IS NOT NULL;

-- The all-in-one default pool is for everyone; other pools use entitlements.
ALTER TABLE desktop_pools ADD COLUMN open_to_all_users boolean NOT NULL DEFAULT false;

-- Only a hash of each ticket is stored: a database dump yields no usable ticket. Redeeming is
-- one UPDATE ... WHERE used_at IS NULL AND expires_at > now(), so a ticket works once, on any
-- server of the farm.
CREATE TABLE display_tickets (
    ticket_hash bytea       PRIMARY KEY CHECK (length(ticket_hash) = 32),
    session_id  uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    CONSTRAINT display_tickets_expiry_after_issue CHECK (expires_at > issued_at)
);
CREATE INDEX display_tickets_expires_idx ON display_tickets (expires_at);
