-- Thin-client terminals: a kiosk signs in with its own device credential (a long random key
-- in its start URL) and goes straight to one desktop, as one user account.
CREATE TABLE kiosk_devices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    -- sha256 of the key; the key itself is shown once, when the device is created.
    key_hash     bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pool_id      bigint      NOT NULL REFERENCES desktop_pools (id) ON DELETE CASCADE,
    enabled      boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz
);
