-- What a pool's sessions may do with the display beyond pictures and input (broker.DisplayPolicy;
-- docs/protocol.md, "Clipboard" and "Resize"). docs/schema.md explains each column.

-- Which way clipboard text may go between the browser and the guest: BOTH, TO_GUEST (browser to
-- desktop only), TO_BROWSER (desktop to browser only) or OFF.
ALTER TABLE desktop_pools ADD COLUMN clipboard text NOT NULL DEFAULT 'BOTH'
    CHECK (clipboard IN ('BOTH', 'TO_GUEST', 'TO_BROWSER', 'OFF'));
-- Whether the guest's desktop follows the size of the viewer's window, up to max_width x
-- max_height; the bounds are what the guests' display device takes (QEMU's standard VGA, 16 MiB).
ALTER TABLE desktop_pools ADD COLUMN resize boolean NOT NULL DEFAULT true;
ALTER TABLE desktop_pools ADD COLUMN max_width integer NOT NULL DEFAULT 1920 CHECK (max_width BETWEEN 640 AND 2560);
ALTER TABLE desktop_pools ADD COLUMN max_height integer NOT NULL DEFAULT 1200 CHECK (max_height BETWEEN 480 AND 1600);
