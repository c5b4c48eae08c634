-- A roll-out logs off every session of a pool still on an older version when its grace ends.
ALTER TABLE sessions ADD COLUMN logoff_at timestamptz;
CREATE INDEX sessions_logoff_idx ON sessions (logoff_at) WHERE logoff_at IS NOT NULL;
