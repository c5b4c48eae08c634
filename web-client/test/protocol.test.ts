import { test } from "node:test";
import assert from "node:assert/strict";
import type { BrowserMessage, HostMessage } from "../src/protocol.js";
import { ProtocolError, decodeHostMessage, encodeBrowserMessage, isValidScancode } from "../src/protocol.js";
import { SCANCODES, scancodeOf } from "../src/keycodes.js";
import { hex, load, toHex } from "./vectors.js";

/** A decoded message in the vectors' JSON form (colours and payloads as hex). */
function vectorForm(m: HostMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { ...m };
  if (m.type === "SOLID") out.rgb = m.rgb.toString(16).padStart(6, "0");
  if (m.type === "BITMAP") {
    out.background = m.background.toString(16).padStart(6, "0");
    out.foreground = m.foreground.toString(16).padStart(6, "0");
  }
  if ("payload" in m) out.payload = toHex(m.payload);
  if (m.type === "CURSOR") out.rgba = toHex(m.rgba);
  return out;
}

const hostVectors = load("host-to-browser.json");
const [w, h] = hostVectors.screen!;
for (const v of hostVectors.vectors) {
  test(`host to browser: ${v.name}`, () => {
    const decoded = decodeHostMessage(hex(v.hex as string), { width: w, height: h });
    assert.deepEqual(vectorForm(decoded), v.message);
  });
}

for (const v of load("browser-to-host.json").vectors) {
  test(`browser to host: ${v.name}`, () => {
    assert.equal(toHex(encodeBrowserMessage(v.message as BrowserMessage)), (v.hex as string).replace(/\s/g, ""));
  });
}

const invalidHost = load("invalid-host-to-browser.json");
for (const v of invalidHost.vectors) {
  test(`refused host message: ${v.name}`, () => {
    const [sw, sh] = invalidHost.screen!;
    assert.throws(() => decodeHostMessage(hex(v.hex as string), { width: sw, height: sh }), ProtocolError);
  });
}

test("only HELLO is valid before HELLO", () => {
  assert.throws(() => decodeHostMessage(hex("0300000001"), null), ProtocolError);
  assert.equal(decodeHostMessage(hex("010102d0019003"), null).type, "HELLO");
});

test("a message over 1 MiB is TOO_LARGE", () => {
  const big = new Uint8Array((1 << 20) + 1);
  big[0] = 0x12;
  assert.throws(() => decodeHostMessage(big, { width: 1024, height: 768 }), (e: unknown) => e instanceof ProtocolError && e.kind === "TOO_LARGE");
});

test("the encoder refuses what the host would refuse", () => {
  assert.throws(() => encodeBrowserMessage({ type: "KEY", down: true, code: 0x80 }), RangeError);
  assert.throws(() => encodeBrowserMessage({ type: "POINTER", x: 0, y: 0, buttons: 0x20 }), RangeError);
  assert.throws(() => encodeBrowserMessage({ type: "WHEEL", dx: 0, dy: 0 }), RangeError);
  assert.throws(() => encodeBrowserMessage({ type: "WHEEL", dx: 17, dy: 0 }), RangeError);
});

const keys = load("keys.json");
for (const v of keys.vectors) {
  test(`key ${v.code}`, () => {
    assert.equal(scancodeOf(v.code as string), v.scancode);
  });
}

test("keys the guest cannot receive have no scancode", () => {
  for (const code of keys.unmapped!) assert.equal(scancodeOf(code), undefined, code);
  assert.equal(scancodeOf("toString"), undefined, "no inherited properties");
});

test("every scancode in the table is valid and no two keys share one (aliases aside)", () => {
  const aliases = new Set(["OSLeft", "OSRight", "VolumeMute", "VolumeDown", "VolumeUp"]);
  const seen = new Map<number, string>();
  for (const [code, scancode] of Object.entries(SCANCODES)) {
    assert.ok(isValidScancode(scancode), `${code}: 0x${scancode.toString(16)}`);
    if (aliases.has(code)) continue;
    assert.equal(seen.get(scancode), undefined, `${code} and ${seen.get(scancode)} share 0x${scancode.toString(16)}`);
    seen.set(scancode, code);
  }
  assert.ok(seen.size > 100);
});

/** A NOTICE message: 0x20 and the body's UTF-8. */
function notice(body: string | object): Uint8Array {
  const utf8 = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
  return Uint8Array.from([0x20, ...utf8]);
}
const SCREEN = { width: 1024, height: 768 };
const idle = {
  id: "idle", kind: "IDLE_WARNING", level: "warning",
  text: "You have not used this desktop for 29 minutes. It will be logged off unless you use it.", secondsLeft: 60, actions: [],
};

test("NOTICE: a notice, also before the host's HELLO", () => {
  const expected = { type: "NOTICE", cleared: false, ...idle };
  assert.deepEqual(decodeHostMessage(notice(idle), null), expected);
  assert.deepEqual(decodeHostMessage(notice(idle), SCREEN), expected);
});

test("NOTICE: clearing one by id", () => {
  assert.deepEqual(decodeHostMessage(notice({ id: "idle", cleared: true }), null), { type: "NOTICE", cleared: true, id: "idle" });
});

test("NOTICE: optional fields absent or null; unknown kinds, actions and fields pass for the display to judge", () => {
  const bare = { id: "m", kind: "ADMIN_MESSAGE", level: "info", text: "Maintenance at 18:00." };
  assert.deepEqual(decodeHostMessage(notice(bare), SCREEN), { type: "NOTICE", cleared: false, ...bare, secondsLeft: null, actions: [] });
  assert.deepEqual(decodeHostMessage(notice({ ...bare, secondsLeft: null, actions: null, cleared: false }), SCREEN),
    { type: "NOTICE", cleared: false, ...bare, secondsLeft: null, actions: [] });
  const newer = { ...bare, kind: "QUOTA_WARNING", actions: ["TAKE_BACK", "SNOOZE"], colour: "teal" };
  const m = decodeHostMessage(notice(newer), SCREEN);
  assert.deepEqual(m, { type: "NOTICE", cleared: false, ...bare, kind: "QUOTA_WARNING", secondsLeft: null, actions: ["TAKE_BACK", "SNOOZE"] });
});

test("NOTICE: the limits themselves are allowed", () => {
  const emoji = "\u{1F600}"; // one character, two UTF-16 units, four UTF-8 bytes
  const longest = { ...idle, id: emoji.repeat(64), text: "x".repeat(1000), secondsLeft: 0 };
  assert.equal(decodeHostMessage(notice(longest), SCREEN).type, "NOTICE");
  const json = JSON.stringify(idle);
  const exact = notice(json + " ".repeat(4096 - 1 - new TextEncoder().encode(json).length));
  assert.equal(exact.length, 4096);
  assert.equal(decodeHostMessage(exact, SCREEN).type, "NOTICE");
});

const badNotices: [string, Uint8Array][] = [
  ["empty body", notice("")],
  ["not JSON", notice("id=idle")],
  ["not UTF-8", Uint8Array.from([0x20, 0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ["an array", notice([idle])],
  ["a string", notice('"idle"')],
  ["null", notice("null")],
  ["no id", notice({ ...idle, id: undefined })],
  ["an empty id", notice({ ...idle, id: "" })],
  ["an id of 65 characters", notice({ ...idle, id: "i".repeat(65) })],
  ["a numeric id", notice({ ...idle, id: 7 })],
  ["a clearing without id", notice({ cleared: true })],
  ["cleared not a boolean", notice({ id: "idle", cleared: "yes" })],
  ["no text", notice({ ...idle, text: undefined })],
  ["text of 1001 characters", notice({ ...idle, text: "x".repeat(1001) })],
  ["text not a string", notice({ ...idle, text: ["x"] })],
  ["no kind", notice({ ...idle, kind: undefined })],
  ["a numeric kind", notice({ ...idle, kind: 2 })],
  ["no level", notice({ ...idle, level: undefined })],
  ["an unknown level", notice({ ...idle, level: "fatal" })],
  ["negative secondsLeft", notice({ ...idle, secondsLeft: -1 })],
  ["fractional secondsLeft", notice({ ...idle, secondsLeft: 1.5 })],
  ["secondsLeft as a string", notice({ ...idle, secondsLeft: "60" })],
  ["actions not an array", notice({ ...idle, actions: "TAKE_BACK" })],
  ["an action not a string", notice({ ...idle, actions: [1] })],
  ["4097 bytes", notice(JSON.stringify(idle) + " ".repeat(4096 - JSON.stringify(idle).length))],
  ["1000 characters but over 4096 bytes", notice({ ...idle, id: "i".repeat(64), text: "\u{1F600}".repeat(1000) })],
];
for (const [name, bytes] of badNotices) {
  test(`refused NOTICE: ${name}`, () => {
    assert.throws(() => decodeHostMessage(bytes, SCREEN), (e: unknown) => e instanceof ProtocolError && e.kind === "BAD_REQUEST");
  });
}

const batches = load("batches.json");
for (const v of batches.vectors) {
  test(`batch: ${v.name}`, () => {
    const m = decodeHostMessage(hex(v.hex as string), { width: 1024, height: 768 });
    assert.equal(m.type, "BATCH");
    assert.deepEqual((m as { parts: Uint8Array[] }).parts.map(toHex), v.parts);
  });
}
