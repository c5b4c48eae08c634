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
