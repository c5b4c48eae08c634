import { test } from "node:test";
import assert from "node:assert/strict";
import type { Session, SocketLike, Status, TicketResult, TicketSource } from "../src/connection.js";
import { Connection, isDeflated, kioskTickets, oneTicket, sessionTickets } from "../src/connection.js";
import { describe as describeStatus } from "../src/overlay.js";
import { FakeClock, settle } from "./fake-clock.js";

class FakeSocket implements SocketLike {
  binaryType = "blob";
  extensions = "";
  bufferedAmount = 0;
  sent: Uint8Array[] = [];
  closedWith: [number?, string?] | null = null;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: Uint8Array) { this.sent.push(data); }
  close(code?: number, reason?: string) { this.closedWith = [code, reason]; }
  drop(code: number, reason = "") { this.onclose?.({ code, reason }); }
}

function counting(results: TicketResult[], renewable = true): TicketSource & { asked: number } {
  const source = { asked: 0, renewable, async next() { source.asked++; return results.shift() ?? { ticket: `t${source.asked}` }; } };
  return source;
}

function setup(tickets: TicketSource, forever = false) {
  const sockets: FakeSocket[] = [];
  const statuses: Status[] = [];
  const events: string[] = [];
  const clock = new FakeClock();
  const session: Session = {
    opened: (send, _close, deflated) => { events.push(deflated ? "opened deflated" : "opened"); send(Uint8Array.of(0x81, 1, 0)); },
    message: (b) => events.push(`message ${b.length}`),
    closed: () => events.push("closed"),
  };
  const connection = new Connection({
    url: (t) => `ws://x/ws/display?ticket=${t}`, tickets, clock, session, forever,
    socket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; },
    status: (s) => statuses.push(s),
  });
  return { connection, sockets, statuses, events, clock };
}

test("connects with a ticket, says HELLO, and reports connected once live", async () => {
  const { connection, sockets, statuses, events } = setup(counting([{ ticket: "abc" }]));
  connection.start();
  await settle();
  assert.equal(sockets[0].url, "ws://x/ws/display?ticket=abc");
  assert.equal(sockets[0].binaryType, "arraybuffer");
  sockets[0].onopen?.({});
  assert.deepEqual([...sockets[0].sent[0]], [0x81, 1, 0]);
  sockets[0].onmessage?.({ data: new ArrayBuffer(5) });
  connection.markLive();
  assert.deepEqual(events, ["opened", "message 5"]);
  assert.deepEqual(statuses.at(-1), { state: "connected" });
});

test("a network drop reconnects with a fresh ticket after doubling delays", async () => {
  const tickets = counting([]);
  const { connection, sockets, statuses, clock } = setup(tickets);
  connection.start();
  await settle();
  const delays: number[] = [];
  for (let i = 0; i < 7; i++) {
    sockets.at(-1)!.drop(1006);
    const s = statuses.at(-1)!;
    assert.equal(s.state, "reconnecting");
    delays.push((s as { retryInMs: number }).retryInMs);
    await clock.advance(delays.at(-1)!);
  }
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 15000, 15000]);
  assert.equal(sockets.length, 8);
  assert.equal(tickets.asked, 8);
});

test("the backoff starts afresh after a connection that worked", async () => {
  const { connection, sockets, statuses, clock } = setup(counting([]));
  connection.start();
  await settle();
  sockets[0].drop(1006);
  await clock.advance(500);
  sockets[1].drop(1006);
  assert.equal((statuses.at(-1) as { retryInMs: number }).retryInMs, 1000);
  await clock.advance(1000);
  connection.markLive();
  sockets[2].drop(4503, "UNAVAILABLE");
  assert.equal((statuses.at(-1) as { retryInMs: number }).retryInMs, 500);
});

test("a normal end is final", async () => {
  const { connection, sockets, statuses, clock } = setup(counting([]));
  connection.start();
  await settle();
  sockets[0].drop(1000, "SESSION_ENDED");
  await clock.advance(60_000);
  assert.deepEqual(statuses.at(-1), { state: "ended" });
  assert.equal(sockets.length, 1);
});

for (const forever of [false, true]) {
  test(`a take-over is final${forever ? ", in a kiosk too" : ""}, and Take back connects again`, async () => {
    const tickets = counting([]);
    const { connection, sockets, statuses, clock } = setup(tickets, forever);
    connection.start();
    await settle();
    sockets[0].onopen?.({});
    connection.markLive();
    sockets[0].drop(1000, "TAKEN_OVER");
    await clock.advance(60_000);
    assert.deepEqual(statuses.at(-1), { state: "taken-over" });
    assert.equal(sockets.length, 1, "no reconnect by itself");
    const words = describeStatus(statuses.at(-1)!);
    assert.equal(words.message, "This desktop was opened on another device.");
    assert.equal(words.action, "Take back");

    connection.stop(); // what the button does
    connection.start();
    await settle();
    assert.equal(sockets.length, 2);
    assert.equal(tickets.asked, 2, "with a fresh ticket");
  });
}

test("a 1000 close with another reason is a drop like any other", async () => {
  const { connection, sockets, statuses, clock } = setup(counting([]));
  connection.start();
  await settle();
  sockets[0].drop(1000, "");
  assert.equal(statuses.at(-1)!.state, "reconnecting");
  await clock.advance(500);
  assert.equal(sockets.length, 2);
});

test("kinds that need a person are not retried and say why", async () => {
  const { connection, sockets, statuses, clock } = setup(counting([]));
  connection.start();
  await settle();
  sockets[0].drop(4403, "FORBIDDEN");
  await clock.advance(60_000);
  assert.deepEqual(statuses.at(-1), { state: "failed", kind: "FORBIDDEN", detail: undefined });
  assert.equal(sockets.length, 1);
  const words = describeStatus(statuses.at(-1)!);
  assert.equal(words.action, "Retry");
  assert.match(words.message!, /someone else/);
});

test("a kiosk retries even those", async () => {
  const { connection, sockets, clock } = setup(counting([]), true);
  connection.start();
  await settle();
  sockets[0].drop(4403, "FORBIDDEN");
  await clock.advance(500);
  assert.equal(sockets.length, 2);
});

test("while the desktop starts, the viewer shows what is happening and asks again", async () => {
  const { connection, sockets, statuses, clock } = setup(counting([{ waiting: "Starting the machine" }]));
  connection.start();
  await settle();
  assert.deepEqual(statuses.at(-1), { state: "connecting", detail: "Starting the machine" });
  assert.equal(sockets.length, 0);
  await clock.advance(1000);
  assert.equal(sockets.length, 1);
});

test("a one-off ticket from the URL cannot reconnect", async () => {
  const { connection, sockets, statuses } = setup(oneTicket("once"));
  connection.start();
  await settle();
  sockets[0].drop(1006);
  assert.equal(statuses.at(-1)!.state, "failed");
});

test("closing for a protocol error reports our kind even if the close code comes back as 1006", async () => {
  const tickets = counting([]);
  const sockets: FakeSocket[] = [];
  const statuses: Status[] = [];
  let closeFor: ((k: "BAD_REQUEST") => void) | null = null;
  const connection = new Connection({
    url: (t) => t, tickets, clock: new FakeClock(),
    session: { opened: (_s, close) => { closeFor = close; }, message() {}, closed() {} },
    socket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; },
    status: (s) => statuses.push(s),
  });
  connection.start();
  await settle();
  sockets[0].onopen?.({});
  closeFor!("BAD_REQUEST");
  assert.deepEqual(sockets[0].closedWith, [4400, "BAD_REQUEST"]);
  sockets[0].drop(1006);
  assert.deepEqual(statuses.at(-1), { state: "failed", kind: "BAD_REQUEST", detail: undefined });
});

test("tickets come from POST /api/v1/sessions/{id}/tickets, which waits up to 20 s for a starting desktop", async () => {
  const calls: { url: string; method: string }[] = [];
  const replies = [
    { status: 202, body: { state: "STARTING", detail: "Placing your desktop on a host" } },
    { status: 200, body: { ticket: "t-1" } },
    { status: 403, body: { type: "about:blank", status: 403, error: "FORBIDDEN", detail: "Not yours." } },
  ];
  const fakeFetch = (async (url: string, init: { method: string }) => {
    calls.push({ url, method: init.method });
    const r = replies.shift()!;
    return { ok: r.status < 300, status: r.status, json: async () => r.body };
  }) as unknown as typeof fetch;
  const source = sessionTickets("s 1", fakeFetch);
  assert.deepEqual(await source.next(), { waiting: "Placing your desktop on a host" });
  assert.deepEqual(await source.next(), { ticket: "t-1" });
  assert.deepEqual(await source.next(), { failed: "FORBIDDEN", detail: "Not yours." });
  assert.deepEqual(calls[0], { url: "/api/v1/sessions/s%201/tickets?wait=20", method: "POST" });
});

test("a kiosk goes back to its start page when its sign-in or session is gone, and only then", async () => {
  const answers: TicketResult[] = [
    { waiting: "Starting the machine…" },
    { ticket: "t1" },
    { failed: "UPSTREAM_FAILED" },
    { failed: "CONFLICT", detail: "This session has ended." },
    { failed: "UNAUTHORIZED" },
  ];
  let homeVisits = 0;
  const source = kioskTickets({ renewable: true, next: async () => answers.shift()! }, () => homeVisits++);

  assert.deepEqual(await source.next(), { waiting: "Starting the machine…" });
  assert.deepEqual(await source.next(), { ticket: "t1" });
  assert.deepEqual(await source.next(), { failed: "UPSTREAM_FAILED" }); // retried in place, no new sign-in
  assert.equal(homeVisits, 0);
  assert.ok("waiting" in (await source.next()));
  assert.equal(homeVisits, 1);
  assert.ok("waiting" in (await source.next()));
  assert.equal(homeVisits, 2);
  assert.equal(source.renewable, true);
});

// A server restart as the viewer sees it: the socket drops, then for a while ticket requests find
// nothing listening (fetch rejects) or a proxy's 502/503, until the server answers again.
for (const forever of [false, true]) {
  for (const code of [1006, 1001]) {
    test(`after a server restart (${code}) the viewer ${forever ? "in a kiosk " : ""}keeps trying and connects again`, async () => {
      const refused = () => { throw new TypeError("Failed to fetch"); };
      const replies: (() => { status: number; body: () => Promise<unknown> })[] = [
        () => ({ status: 200, body: async () => ({ ticket: "before" }) }),
        refused,
        refused,
        () => ({ status: 502, body: async () => { throw new SyntaxError("<html>Bad Gateway</html>"); } }),
        () => ({ status: 503, body: async () => ({ status: 503, error: "UNAVAILABLE", detail: "The server is starting." }) }),
        () => ({ status: 503, body: async () => { throw new SyntaxError("empty"); } }),
        () => ({ status: 200, body: async () => ({ ticket: "after" }) }),
      ];
      const fakeFetch = (async () => {
        const r = replies.shift()!();
        return { ok: r.status < 300, status: r.status, json: r.body };
      }) as unknown as typeof fetch;
      let homeVisits = 0;
      const api = sessionTickets("s1", fakeFetch);
      const { connection, sockets, statuses, clock } = setup(forever ? kioskTickets(api, () => homeVisits++) : api, forever);
      connection.start();
      await settle();
      sockets[0].onopen?.({});
      connection.markLive();
      sockets[0].drop(code);

      const delays: number[] = [];
      while (sockets.length < 2 && delays.length < 20) {
        const s = statuses.at(-1)!;
        assert.equal(s.state, "reconnecting", JSON.stringify(s));
        delays.push((s as { retryInMs: number }).retryInMs);
        await clock.advance(delays.at(-1)!);
      }
      assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 15000]);
      assert.equal(sockets[1].url, "ws://x/ws/display?ticket=after");
      sockets[1].onopen?.({});
      connection.markLive();
      assert.deepEqual(statuses.at(-1), { state: "connected" });
      assert.equal(homeVisits, 0, "a restart is no reason to sign the kiosk in again");
    });
  }
}

test("the session hears whether the server accepted permessage-deflate", async () => {
  const { connection, sockets, events } = setup(counting([{ ticket: "a" }, { ticket: "b" }]));
  connection.start();
  await settle();
  sockets[0].extensions = "permessage-deflate; client_max_window_bits=15";
  sockets[0].onopen?.({});
  assert.deepEqual(events, ["opened deflated"]);
});

test("permessage-deflate is recognised in the header value however it is written", () => {
  assert.equal(isDeflated("permessage-deflate;client_max_window_bits=15"), true);
  assert.equal(isDeflated("x-webkit-deflate-frame, permessage-deflate"), true);
  assert.equal(isDeflated(""), false);
  assert.equal(isDeflated(undefined), false);
  assert.equal(isDeflated("permessage-deflate-not"), false);
});

test("a link that stops answering is given up and reconnected, though no close came", async () => {
  const { connection, sockets, statuses, events, clock } = setup(counting([]));
  connection.start();
  await settle();
  sockets[0].onopen?.({});
  connection.markLive();
  for (let i = 0; i < 5; i++) { // answered pings: alive however long it runs
    connection.asked();
    await clock.advance(2_000);
    sockets[0].onmessage?.({ data: new ArrayBuffer(5) });
  }
  assert.equal(sockets[0].closedWith, null);
  connection.asked(); // the network is cut from here on
  await clock.advance(2_000);
  connection.asked();
  await clock.advance(2_000);
  connection.asked();
  assert.equal(sockets[0].closedWith, null, "4 s of silence is not yet dead");
  await clock.advance(2_000);
  connection.asked();
  assert.deepEqual(sockets[0].closedWith, [1000, "not answering"]);
  assert.deepEqual(statuses.at(-1), { state: "reconnecting", retryInMs: 500, reason: "The connection is not answering." });
  assert.equal(events.at(-1), "closed");
  sockets[0].drop(1006); // the close event that comes late, once the cut ends, changes nothing
  await clock.advance(500);
  assert.equal(sockets.length, 2, "a new socket, with a new ticket");
});

test("a background tab's slow ping timer is not taken for a dead link", async () => {
  const { connection, sockets, clock } = setup(counting([]));
  connection.start();
  await settle();
  sockets[0].onopen?.({});
  connection.asked();
  await clock.advance(10);
  sockets[0].onmessage?.({ data: new ArrayBuffer(5) }); // the PONG
  await clock.advance(60_000); // the next tick, a minute later
  connection.asked();
  assert.equal(sockets[0].closedWith, null);
});

test("a handshake that never completes is given up after 15 s", async () => {
  const { connection, sockets, statuses, clock } = setup(counting([]));
  connection.start();
  await settle();
  await clock.advance(14_999);
  assert.equal(sockets[0].closedWith, null);
  await clock.advance(1);
  assert.deepEqual(sockets[0].closedWith, [1000, "not answering"]);
  assert.equal(statuses.at(-1)?.state, "reconnecting");
  await clock.advance(500);
  assert.equal(sockets.length, 2);
  sockets[1].onopen?.({});
  await clock.advance(20_000);
  assert.equal(sockets[1].closedWith, null, "an opened socket has no handshake timer");
});
