import { test } from "node:test";
import assert from "node:assert/strict";
import { ClipboardSync, isPasteKey } from "../src/clipboard.js";
import type { ClipboardAccess, ClipboardPanel } from "../src/clipboard.js";
import { DesktopFit, SETTLE_MS } from "../src/resize.js";
import type { BrowserMessage } from "../src/protocol.js";
import { MAX_CLIPBOARD_BYTES, SETTING_COPY, SETTING_PASTE, SETTING_RESIZE, decodeHostMessage } from "../src/protocol.js";
import { FakeClock } from "./fake-clock.js";

class RecordingPanel implements ClipboardPanel {
  readonly events: string[] = [];
  allow(paste: boolean, copy: boolean): void { this.events.push(`allow ${paste} ${copy}`); }
  offer(text: string): void { this.events.push(`offer ${text}`); }
  ask(): void { this.events.push("ask"); }
}

/** A browser clipboard holding {@code held} until the page writes it. */
function access(held: string, refuse = false): ClipboardAccess & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    readText: () => refuse ? Promise.reject(new Error("NotAllowedError")) : Promise.resolve(held),
    writeText: (t) => {
      if (refuse) return Promise.reject(new Error("NotAllowedError"));
      written.push(t);
      held = t;
      return Promise.resolve();
    },
  };
}

test("both ways: the browser's text goes once, the guest's reaches the browser's clipboard and is not sent back", async () => {
  const sent: BrowserMessage[] = [];
  const clip = access("from the browser");
  const sync = new ClipboardSync((m) => sent.push(m), clip, new RecordingPanel());
  sync.settings(SETTING_PASTE | SETTING_COPY, MAX_CLIPBOARD_BYTES);
  await sync.syncToGuest();
  await sync.syncToGuest();
  assert.deepEqual(sent, [{ type: "CLIPBOARD", text: "from the browser" }], "the focus coming back sends a change only");
  await sync.syncToGuest(true);
  assert.equal(sent.length, 2, "a paste key sends it again");
  await sync.copied("from the guest");
  assert.deepEqual(clip.written, ["from the guest"]);
  await sync.syncToGuest();
  assert.equal(sent.length, 2, "the guest's own text is not echoed back to it");
});

test("a direction the pool closes sends nothing and offers nothing", async () => {
  const sent: BrowserMessage[] = [];
  const clip = access("secret");
  const panel = new RecordingPanel();
  const sync = new ClipboardSync((m) => sent.push(m), clip, panel);
  sync.settings(0, MAX_CLIPBOARD_BYTES);
  await sync.syncToGuest();
  sync.sendText("typed into the panel");
  await sync.copied("guest text");
  assert.deepEqual(sent, []);
  assert.deepEqual(clip.written, []);
  assert.deepEqual(panel.events, ["allow false false"]);
});

test("where the browser refuses the clipboard, the panel shows the text and asks for the paste", async () => {
  const sent: BrowserMessage[] = [];
  const panel = new RecordingPanel();
  const sync = new ClipboardSync((m) => sent.push(m), access("x", true), panel);
  sync.settings(SETTING_PASTE | SETTING_COPY, MAX_CLIPBOARD_BYTES);
  await sync.syncToGuest();
  await sync.copied("guest text");
  assert.deepEqual(panel.events, ["allow true true", "ask", "offer guest text"]);
  sync.sendText("pasted by hand");
  assert.deepEqual(sent, [{ type: "CLIPBOARD", text: "pasted by hand" }]);
});

test("text over the limit is not sent, and the user is told", () => {
  const sent: BrowserMessage[] = [];
  const panel = new RecordingPanel();
  const sync = new ClipboardSync((m) => sent.push(m), null, panel);
  sync.settings(SETTING_PASTE, 8);
  sync.sendText("123456789");
  assert.deepEqual(sent, []);
  assert.deepEqual(panel.events, ["allow true false", "ask"]);
});

test("paste keys: Ctrl+V, Cmd+V, Ctrl+Shift+V, Shift+Insert; not V alone, not Ctrl+Alt+V, not the key's release", () => {
  const k = (code: string, m: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }>, type = "keydown") =>
    isPasteKey({ type, code, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...m });
  assert.ok(k("KeyV", { ctrlKey: true }));
  assert.ok(k("KeyV", { metaKey: true }));
  assert.ok(k("KeyV", { ctrlKey: true, shiftKey: true }));
  assert.ok(k("Insert", { shiftKey: true }));
  assert.ok(!k("KeyV", {}));
  assert.ok(!k("KeyV", { ctrlKey: true, altKey: true }));
  assert.ok(!k("KeyV", { ctrlKey: true }, "keyup"));
});

test("the desktop follows the window once it settles, within the pool's limits, once per size", () => {
  const clock = new FakeClock();
  const sent: BrowserMessage[] = [];
  let screen = { width: 1024, height: 768 };
  const fit = new DesktopFit((m) => sent.push(m), () => screen, clock);
  fit.settings(true, 1920, 1200);
  fit.areaChanged(1301, 700);
  fit.areaChanged(1403.6, 810);
  clock.advance(SETTLE_MS - 1);
  assert.deepEqual(sent, []);
  clock.advance(1);
  assert.deepEqual(sent, [{ type: "SET_SIZE", width: 1400, height: 810 }]);
  fit.screenChanged();
  clock.advance(SETTLE_MS);
  assert.equal(sent.length, 1, "not asked again while the guest changes");
  screen = { width: 1400, height: 810 };
  fit.areaChanged(2500, 1500);
  clock.advance(SETTLE_MS);
  assert.deepEqual(sent[1], { type: "SET_SIZE", width: 1920, height: 1200 });
});

test("no resize where the pool says no, nor for a window below 640x480", () => {
  const clock = new FakeClock();
  const sent: BrowserMessage[] = [];
  const fit = new DesktopFit((m) => sent.push(m), () => ({ width: 1024, height: 768 }), clock);
  fit.settings(false, 1920, 1200);
  fit.areaChanged(1280, 720);
  clock.advance(SETTLE_MS);
  fit.settings(true, 1920, 1200);
  fit.areaChanged(600, 400);
  clock.advance(SETTLE_MS);
  assert.deepEqual(sent, []);
});

test("SETTINGS decodes before HELLO; a CLIPBOARD over 256 KiB is TOO_LARGE", () => {
  const m = decodeHostMessage(Uint8Array.from([0x07, SETTING_RESIZE | SETTING_COPY, 0x07, 0x80, 0x04, 0xb0, 0, 4, 0, 0]), null);
  assert.deepEqual(m, { type: "SETTINGS", flags: 5, maxWidth: 1920, maxHeight: 1200, clipboardBytes: 262144 });
  const big = new Uint8Array(MAX_CLIPBOARD_BYTES + 2);
  big[0] = 0x06;
  assert.throws(() => decodeHostMessage(big, { width: 8, height: 8 }), (e: unknown) => (e as { kind?: string }).kind === "TOO_LARGE");
});
