import { test } from "node:test";
import assert from "node:assert/strict";
import type { Status } from "../src/connection.js";
import type { NoticeMessage, ShownNotice } from "../src/notices.js";
import { Notices, formatCountdown } from "../src/notices.js";
import { FakeClock } from "./fake-clock.js";

function notice(id: string, more: Partial<Omit<NoticeMessage & { cleared: false }, "type" | "cleared">> = {}): NoticeMessage {
  return { type: "NOTICE", cleared: false, id, kind: "ADMIN_MESSAGE", level: "info", text: `text of ${id}`, secondsLeft: null, actions: [], ...more };
}
const cleared = (id: string): NoticeMessage => ({ type: "NOTICE", cleared: true, id });

function board() {
  const clock = new FakeClock();
  const drawn: ShownNotice[][] = [];
  const notices = new Notices(clock, (shown) => drawn.push(shown));
  const last = () => drawn.at(-1) ?? [];
  const countdowns = () => last().map((n) => n.countdown);
  /** Moves the clock a second at a time, as the banner's own ticks would. */
  const seconds = async (n: number) => { for (let i = 0; i < n; i++) await clock.advance(1000); };
  return { clock, drawn, notices, last, countdowns, seconds };
}

test("m:ss, rounded up so that 0:00 means the time is up", () => {
  assert.equal(formatCountdown(60_000), "1:00");
  assert.equal(formatCountdown(59_001), "1:00");
  assert.equal(formatCountdown(59_000), "0:59");
  assert.equal(formatCountdown(1), "0:01");
  assert.equal(formatCountdown(0), "0:00");
  assert.equal(formatCountdown(-2500), "0:00");
  assert.equal(formatCountdown(3_600_000), "60:00");
});

test("a notice with the same id replaces the earlier one in its place; clearing removes it", () => {
  const { notices, drawn, last } = board();
  notices.receive(notice("a"));
  notices.receive(notice("b", { level: "warning" }));
  notices.receive(notice("a", { text: "newer", level: "error" }));
  assert.deepEqual(last().map((n) => [n.id, n.text, n.level]), [["a", "newer", "error"], ["b", "text of b", "warning"]]);
  notices.receive(cleared("a"));
  assert.deepEqual(last().map((n) => n.id), ["b"]);
  const draws = drawn.length;
  notices.receive(cleared("a"));
  notices.receive(cleared("never-shown"));
  assert.equal(drawn.length, draws, "clearing what is not shown changes nothing");
});

test("a countdown runs from its arrival, changes every second, and stops at 0:00 until the server acts", async () => {
  const { clock, notices, countdowns, seconds, last } = board();
  clock.t = 5_000; // the viewer's clock, not the server's: only the difference matters
  notices.receive(notice("idle", { kind: "IDLE_WARNING", secondsLeft: 61 }));
  assert.deepEqual(countdowns(), ["1:01"]);
  await clock.advance(999);
  assert.deepEqual(countdowns(), ["1:01"]);
  await clock.advance(1);
  assert.deepEqual(countdowns(), ["1:00"]);
  await seconds(59);
  assert.deepEqual(countdowns(), ["0:01"]);
  await seconds(1);
  assert.deepEqual(countdowns(), ["0:00"]);
  assert.equal(clock.timers.length, 0, "nothing left to tick");
  await seconds(30);
  assert.deepEqual(last().map((n) => [n.id, n.countdown]), [["idle", "0:00"]], "still shown");
});

test("countdowns that arrived at different moments each change on their own second", async () => {
  const { clock, notices, countdowns } = board();
  notices.receive(notice("max", { secondsLeft: 60 }));
  await clock.advance(300);
  notices.receive(notice("rollout", { secondsLeft: 10 }));
  assert.deepEqual(countdowns(), ["1:00", "0:10"]);
  await clock.advance(700);
  assert.deepEqual(countdowns(), ["0:59", "0:10"]);
  await clock.advance(300);
  assert.deepEqual(countdowns(), ["0:59", "0:09"]);
});

test("a replacement restarts the countdown or ends it; clearing stops the ticking", async () => {
  const { clock, notices, countdowns, seconds } = board();
  notices.receive(notice("idle", { secondsLeft: 60 }));
  await seconds(30);
  assert.deepEqual(countdowns(), ["0:30"]);
  notices.receive(notice("idle", { secondsLeft: 60 }));
  assert.deepEqual(countdowns(), ["1:00"]);
  notices.receive(notice("idle"));
  assert.deepEqual(countdowns(), [null]);
  assert.equal(clock.timers.length, 0);
  notices.receive(notice("idle", { secondsLeft: 5 }));
  notices.receive(cleared("idle"));
  assert.equal(clock.timers.length, 0);
});

test("kinds this viewer does not know show as ADMIN_MESSAGE; actions it does not know are left out", () => {
  const { notices, last } = board();
  notices.receive(notice("t", { kind: "TAKEN_OVER", actions: ["TAKE_BACK"] }));
  notices.receive(notice("q", { kind: "QUOTA_WARNING", actions: ["SNOOZE", "TAKE_BACK"] }));
  assert.deepEqual(last().map((n) => [n.kind, n.actions]), [["TAKEN_OVER", ["TAKE_BACK"]], ["ADMIN_MESSAGE", ["TAKE_BACK"]]]);
});

test("a package update is its own kind, with the server's words and a Dismiss button, as an image update", () => {
  const { notices, last } = board();
  const text = "A new version of your applications is ready: log off to get it.";
  notices.receive(notice("package-update", { kind: "PACKAGE_UPDATE", text, actions: ["DISMISS"] }));
  notices.receive(notice("image-update", { kind: "IMAGE_UPDATE", actions: ["DISMISS"] }));
  assert.deepEqual(last().map((n) => [n.id, n.kind, n.text, n.actions]), [
    ["package-update", "PACKAGE_UPDATE", text, ["DISMISS"]],
    ["image-update", "IMAGE_UPDATE", "text of image-update", ["DISMISS"]],
  ]);
});

test("notices stay while the viewer reconnects and go when the connection is over for good", () => {
  const passing: Status[] = [
    { state: "reconnecting", retryInMs: 500, reason: "The connection dropped." },
    { state: "connecting", detail: "Connecting to your desktop…" },
    { state: "connected" },
  ];
  const final: Status[] = [{ state: "ended" }, { state: "taken-over" }, { state: "failed", kind: "BAD_REQUEST" }];
  for (const s of final) {
    const { notices, last } = board();
    notices.receive(notice("lost", { kind: "SESSION_LOST", level: "error" }));
    for (const p of passing) notices.connectionStatus(p);
    assert.equal(last().length, 1, "kept while passing through");
    notices.connectionStatus(s);
    assert.deepEqual(last(), [], s.state);
  }
});

test("a new connection drops the previous one's notices: its greeting re-sends those still showing", () => {
  const { notices, last, countdowns, clock } = board();
  notices.receive(notice("idle", { kind: "IDLE_WARNING", level: "warning", secondsLeft: 60 }));
  notices.receive(notice("admin", { text: "Maintenance tonight" }));
  // The connection drops; while the viewer reconnects the user still sees what was shown.
  notices.connectionStatus({ state: "reconnecting", retryInMs: 500, reason: "The connection dropped." });
  assert.equal(last().length, 2);
  clock.t += 20_000;
  // Meanwhile the user came back on another device and the idle warning was cleared, so the
  // new connection's greeting has only the admin's message.
  notices.connectionOpened();
  assert.deepEqual(last(), [], "nothing of the old connection stays");
  notices.receive(notice("admin", { text: "Maintenance tonight" }));
  assert.deepEqual(last().map((n) => n.id), ["admin"]);
  notices.connectionStatus({ state: "connected" });
  assert.deepEqual(last().map((n) => n.id), ["admin"]);
  assert.deepEqual(countdowns(), [null]);
});

test("a greeting restarts a countdown from what the server says is left", () => {
  const { notices, countdowns, clock } = board();
  notices.receive(notice("max", { kind: "MAX_LENGTH_WARNING", secondsLeft: 60 }));
  clock.t += 30_000; // away for half a minute: the viewer's own countdown would say 0:30...
  notices.connectionOpened();
  notices.receive(notice("max", { kind: "MAX_LENGTH_WARNING", secondsLeft: 25 })); // ...the server knows better
  assert.deepEqual(countdowns(), ["0:25"]);
});

test("a dismissed notice goes from this viewer only; an unknown action is left out, DISMISS is offered", () => {
  const { notices, last, drawn } = board();
  notices.receive(notice("admin-message", { actions: ["DISMISS", "REBOOT"] }));
  notices.receive(notice("read-only-files", { kind: "READ_ONLY_FILES" }));
  assert.deepEqual(last().map((n) => [n.id, n.kind, n.actions]),
    [["admin-message", "ADMIN_MESSAGE", ["DISMISS"]], ["read-only-files", "READ_ONLY_FILES", []]]);
  notices.dismiss("admin-message");
  assert.deepEqual(last().map((n) => n.id), ["read-only-files"]);
  const draws = drawn.length;
  notices.dismiss("admin-message");
  assert.equal(drawn.length, draws, "dismissing what is gone changes nothing");
});
