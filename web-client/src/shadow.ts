// Shadow mode (`shadow=1`): an administrator watching someone else's session, read-only. Its
// tickets come from the admin endpoint, the page says it only watches, nothing the person does
// is sent as input, and it offers no way to take the desktop (the server and the host drop a
// shadow's input anyway: this is the viewer's own part).

import type { TicketSource } from "./connection.js";
import { apiTickets } from "./connection.js";
import type { ShownNotice } from "./notices.js";
import type { BrowserMessage } from "./protocol.js";

/** What the page shows, for as long as it is open, so that nobody mistakes it for their own desktop. */
export const SHADOW_MARKER = "Watching — read-only";

export function isShadow(params: URLSearchParams): boolean {
  return params.get("shadow") === "1";
}

/** Shadow tickets from `POST /api/v1/admin/sessions/{id}/shadow` (ADMIN only), answered like the user's tickets. */
export function shadowTickets(sessionId: string, fetchFn: typeof fetch, first?: string): TicketSource {
  return apiTickets(`/api/v1/admin/sessions/${encodeURIComponent(sessionId)}/shadow`, fetchFn, first);
}

/** What a shadow may send besides the session's own HELLO and acks: the round-trip pings and a repaint, no input. */
const WATCHING: readonly BrowserMessage["type"][] = ["PING", "REFRESH"];

/** Wraps a sender so that only what keeps the picture coming gets through. */
export function readOnly(send: (m: BrowserMessage) => void): (m: BrowserMessage) => void {
  return (m) => {
    if (WATCHING.includes(m.type)) send(m);
  };
}

/** The notices as a shadow draws them: the same words, without Take back (the desktop is the user's to take). */
export function withoutTakeBack(shown: ShownNotice[]): ShownNotice[] {
  return shown.map((n) => (n.actions.includes("TAKE_BACK") ? { ...n, actions: n.actions.filter((a) => a !== "TAKE_BACK") } : n));
}
