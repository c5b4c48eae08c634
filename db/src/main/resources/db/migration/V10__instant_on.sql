-- Instant-on (issue 12): guests restored from a warm template, and placement by the memory
-- guests really use. docs/schema.md explains each column.

-- Whether the pool's launches ask the host to restore the guest from the version's warm template
-- (the host falls back to a cold boot where the image has none), and whether such clones share
-- the template's memory pages (denser, but a timing side channel between users' sessions).
ALTER TABLE desktop_pools ADD COLUMN instant_on boolean NOT NULL DEFAULT true;
ALTER TABLE desktop_pools ADD COLUMN page_sharing boolean NOT NULL DEFAULT false;

-- The proportional set size of the session's QEMU process, as its host's last heartbeat reported
-- it; NULL until reported (placement then charges memory_mib plus the QEMU overhead).
ALTER TABLE sessions ADD COLUMN memory_used_mib integer CHECK (memory_used_mib >= 0);

-- How the host's launches went since its process started, as its last heartbeat reported them:
-- restored from a template, cold-booted, and templates that failed and fell back to a cold boot.
-- NULL for a host that does not report them.
ALTER TABLE hosts ADD COLUMN launches_restored bigint CHECK (launches_restored >= 0);
ALTER TABLE hosts ADD COLUMN launches_cold_boots bigint CHECK (launches_cold_boots >= 0);
ALTER TABLE hosts ADD COLUMN launches_fallbacks bigint CHECK (launches_fallbacks >= 0);
ALTER TABLE hosts ADD CONSTRAINT hosts_launches_all_or_none
    CHECK (num_nulls(launches_restored, launches_cold_boots, launches_fallbacks) IN (0, 3));
