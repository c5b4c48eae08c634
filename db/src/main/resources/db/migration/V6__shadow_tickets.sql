-- A shadow ticket lets an administrator watch a running session read-only (docs/api.md,
-- POST /api/v1/admin/sessions/{id}/shadow): the gateway that redeems it connects to the host's
-- display endpoint as a shadow and drops the browser's input. The ticket's user is the admin.
ALTER TABLE display_tickets ADD COLUMN shadow boolean NOT NULL DEFAULT false;
