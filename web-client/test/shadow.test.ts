import { test } from "node:test";
import assert from "node:assert/strict";
import type { ShownNotice } from "../src/notices.js";
import { describe as describeStatus } from "../src/overlay.js";
import type { BrowserMessage } from "../src/protocol.js";
import { SHADOW_MARKER, isShadow, readOnly, shadowTickets, withoutTakeBack } from "../src/shadow.js";

test("shadow=1, and only that, makes the page a shadow", () => {
  assert.equal(isShadow(new URLSearchParams("session=s&shadow=1")), true);
  for (const q of ["session=s", "session=s&shadow=0", "session=s&shadow=true", "session=s&shadow="]) {
    assert.equal(isShadow(new URLSearchParams(q)), false, q);
  }
  assert.equal(SHADOW_MARKER, "Watching — read-only");
});

test("a shadow's tickets come from POST /api/v1/admin/sessions/{id}/shadow with the same-origin header", async () => {
  const calls: { url: string; init: { method: string; headers: Record<string, string> } }[] = [];
  const replies = [
    { status: 200, body: { ticket: "s-1", expiresAt: "2026-11-29T02:00:30Z" } },
    { status: 409, body: { type: "about:blank", status: 409, error: "CONFLICT", detail: "Session x is STOPPED; only a running session can be watched." } },
    { status: 403, body: {} },
  ];
  const fakeFetch = (async (url: string, init: { method: string; headers: Record<string, string> }) => {
    calls.push({ url, init });
    const r = replies.shift()!;
    return { ok: r.status < 300, status: r.status, json: async () => r.body };
  }) as unknown as typeof fetch;
  const source = shadowTickets("s 1", fakeFetch);
  assert.equal(source.renewable, true);
  assert.deepEqual(await source.next(), { ticket: "s-1" });
  assert.deepEqual(await source.next(), { failed: "CONFLICT", detail: "Session x is STOPPED; only a running session can be watched." });
  assert.deepEqual(await source.next(), { failed: "FORBIDDEN", detail: undefined });
  assert.equal(calls[0].url, "/api/v1/admin/sessions/s%201/shadow");
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].init.headers["X-Ventana-Request"], "viewer");
});

test("a ticket from the URL is used first, then the shadow endpoint's", async () => {
  const urls: string[] = [];
  const fakeFetch = (async (url: string) => {
    urls.push(url);
    return { ok: true, status: 200, json: async () => ({ ticket: "fresh" }) };
  }) as unknown as typeof fetch;
  const source = shadowTickets("abc", fakeFetch, "from-url");
  assert.deepEqual(await source.next(), { ticket: "from-url" });
  assert.deepEqual(await source.next(), { ticket: "fresh" });
  assert.deepEqual(urls, ["/api/v1/admin/sessions/abc/shadow"]);
});

test("read-only sending lets pings and repaints through, never keys, pointer or wheel", () => {
  const sent: BrowserMessage[] = [];
  const send = readOnly((m) => sent.push(m));
  const all: BrowserMessage[] = [
    { type: "KEY", down: true, code: 0x1e },
    { type: "KEY", down: false, code: 0x1e },
    { type: "POINTER", x: 3, y: 4, buttons: 1 },
    { type: "POINTER", x: 3, y: 4, buttons: 0 },
    { type: "WHEEL", dx: 0, dy: 1 },
    { type: "PING", nonce: 7 },
    { type: "REFRESH" },
  ];
  all.forEach(send);
  assert.deepEqual(sent, [{ type: "PING", nonce: 7 }, { type: "REFRESH" }]);
});

test("a shadow draws the notices without Take back (Dismiss, which is the viewer's own, stays) and is never offered it", () => {
  const shown: ShownNotice[] = [
    { id: "taken-over", kind: "TAKEN_OVER", level: "warning", text: "Opened elsewhere.", countdown: null, actions: ["TAKE_BACK"] },
    { id: "watched", kind: "WATCHED", level: "info", text: "An administrator is watching this session.", countdown: null, actions: [] },
    { id: "message", kind: "ADMIN_MESSAGE", level: "info", text: "Back in 5.", countdown: null, actions: ["DISMISS", "TAKE_BACK"] },
  ];
  const drawn = withoutTakeBack(shown);
  assert.deepEqual(drawn.map((n) => n.actions), [[], [], ["DISMISS"]]);
  assert.deepEqual(drawn.map((n) => n.text), shown.map((n) => n.text));
  assert.deepEqual(shown[0].actions, ["TAKE_BACK"], "the notices themselves are left as they were");

  assert.equal(describeStatus({ state: "taken-over" }, true).action, null);
  assert.equal(describeStatus({ state: "taken-over" }).action, "Take back");
  assert.equal(describeStatus({ state: "failed", kind: "CONFLICT" }, true).action, "Retry");
});
