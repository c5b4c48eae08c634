import { test } from "node:test";
import assert from "node:assert/strict";
import { ViewerSession } from "../src/viewer-session.js";
import type { SessionEvents } from "../src/viewer-session.js";
import { coveredBy } from "../src/painter.js";
import type { ImageDecoder } from "../src/painter.js";
import type { ErrorKind } from "../src/errors.js";
import { PixelSurface } from "./pixel-surface.js";
import { decodePng } from "./png.js";
import { hex, load, toHex } from "./vectors.js";

const pngDecoder: ImageDecoder = async (bytes) => decodePng(bytes);

function quietEvents(overrides: Partial<SessionEvents> = {}): SessionEvents {
  return { opened() {}, live() {}, screen() {}, cursor() {}, pong() {}, notice() {}, settings() {}, copied() {}, framePainted() {}, received() {}, failed() {}, ...overrides };
}

function helloFor(w: number, h: number): Uint8Array {
  return Uint8Array.from([0x01, 1, w >> 8, w & 0xff, h >> 8, h & 0xff, 3]);
}

for (const v of load("pictures.json").vectors) {
  test(`picture: ${v.name}`, async () => {
    const surface = new PixelSurface();
    const session = new ViewerSession(surface, pngDecoder, true, quietEvents({ failed: (k, d) => assert.fail(`${k}: ${d}`) }));
    session.opened(() => {}, () => {});
    const [w, h] = v.screen as [number, number];
    session.message(helloFor(w, h));
    for (const m of v.messages as string[]) session.message(hex(m));
    await session.idle();
    assert.deepEqual(surface.rows(), v.pixels);
  });
}

test("the handshake: HELLO out first, frames acknowledged once painted, input only after the host's HELLO", async () => {
  const sent: string[] = [];
  let live = 0;
  const surface = new PixelSurface();
  const session = new ViewerSession(surface, pngDecoder, false, quietEvents({ live: () => live++ }));
  session.opened((b) => sent.push(toHex(b)), () => {});
  assert.deepEqual(sent, ["81011c"]);
  session.input({ type: "KEY", down: true, code: 0x1e });
  assert.equal(sent.length, 1, "input before the host's HELLO is dropped");
  session.message(helloFor(4, 4));
  session.input({ type: "KEY", down: true, code: 0x1e });
  session.message(hex("100000000000040004ff0000"));
  session.message(hex("0300000001"));
  session.message(hex("0300000002"));
  await session.idle();
  assert.deepEqual(sent, ["81011c", "8201001e", "8500000001", "8500000002"]);
  assert.equal(live, 1);
});

test("regions paint in arrival order even when an image decodes slowly", async () => {
  let release: () => void = () => {};
  const slowDecoder: ImageDecoder = (bytes) => new Promise((resolve) => { release = () => resolve(decodePng(bytes)); });
  const surface = new PixelSurface();
  const session = new ViewerSession(surface, slowDecoder, false, quietEvents());
  session.opened(() => {}, () => {});
  session.message(helloFor(8, 8));
  const png = load("pictures.json").vectors.find((v) => (v.name as string).includes("indexed"))!.messages as string[];
  session.message(hex(png[0]));
  session.message(hex("100000000000010001abcdef")); // a SOLID after the PNG, over its first pixel
  await new Promise((r) => setTimeout(r, 10));
  release();
  await session.idle();
  assert.equal(surface.rgb[0], 0xabcdef, "the later SOLID is on top");
});

test("a BITMAP after a slowly decoding PNG still paints after it", async () => {
  let release: () => void = () => {};
  const slowDecoder: ImageDecoder = (bytes) => new Promise((resolve) => { release = () => resolve(decodePng(bytes)); });
  const surface = new PixelSurface();
  const session = new ViewerSession(surface, slowDecoder, false, quietEvents());
  session.opened(() => {}, () => {});
  session.message(helloFor(8, 8));
  const png = load("pictures.json").vectors.find((v) => (v.name as string).includes("indexed"))!.messages as string[];
  session.message(hex(png[0]));
  session.message(hex("16000000000001000100000012345680")); // 1x1 foreground 0x123456 over the PNG's first pixel
  await new Promise((r) => setTimeout(r, 10));
  release();
  await session.idle();
  assert.equal(surface.rgb[0], 0x123456, "the later BITMAP is on top");
});

test("NOTICEs are handed on at any time, before HELLO too, and are not part of a frame", async () => {
  const sent: string[] = [];
  const notices: string[] = [];
  const session = new ViewerSession(new PixelSurface(), pngDecoder, false, quietEvents({
    notice: (m) => notices.push(m.cleared ? `cleared ${m.id}` : `${m.id}: ${m.text}`),
    failed: (k, d) => assert.fail(`${k}: ${d}`),
  }));
  const utf8 = (json: object) => Uint8Array.from([0x20, ...new TextEncoder().encode(JSON.stringify(json))]);
  session.opened((b) => sent.push(toHex(b)), () => assert.fail("closed"));
  session.message(utf8({ id: "w", kind: "WATCHED", level: "info", text: "An administrator is watching." }));
  session.message(helloFor(4, 4));
  session.message(hex("100000000000040004ff0000"));
  session.message(utf8({ id: "w", cleared: true }));
  session.message(hex("0300000001"));
  await session.idle();
  assert.deepEqual(notices, ["w: An administrator is watching.", "cleared w"]);
  assert.deepEqual(sent, ["81011c", "8500000001"], "one acknowledgement, for the frame");
});

test("each connection's opening is told before its HELLO, so the greeting that follows replaces the old notices", () => {
  const events: string[] = [];
  const session = new ViewerSession(new PixelSurface(), pngDecoder, false, quietEvents({
    opened: () => events.push("opened"),
    notice: (m) => events.push(`notice ${m.id}`),
  }));
  session.opened((b) => events.push(`sent ${toHex(b)}`), () => assert.fail("closed"));
  session.message(Uint8Array.from([0x20, ...new TextEncoder().encode('{"id":"a","kind":"WATCHED","level":"info","text":"x"}')]));
  session.closed();
  session.opened((b) => events.push(`sent ${toHex(b)}`), () => assert.fail("closed"));
  assert.deepEqual(events, ["opened", "sent 81011c", "notice a", "opened", "sent 81011c"]);
});

test("a malformed message closes with BAD_REQUEST, a region outside the screen too", () => {
  // The last: a NOTICE of {} (no id).
  for (const bad of ["06c328", "100000000000050001ff0000", "207b7d"]) {
    const closed: ErrorKind[] = [];
    const session = new ViewerSession(new PixelSurface(), pngDecoder, false, quietEvents());
    session.opened(() => {}, (k) => closed.push(k));
    session.message(helloFor(4, 4));
    session.message(hex(bad));
    assert.deepEqual(closed, ["BAD_REQUEST"], bad);
  }
});

test("an image that does not match its rectangle closes the connection", async () => {
  const closed: ErrorKind[] = [];
  const session = new ViewerSession(new PixelSurface(), pngDecoder, false, quietEvents());
  session.opened(() => {}, (k) => closed.push(k));
  session.message(helloFor(16, 16));
  const png = (load("pictures.json").vectors.find((v) => (v.name as string).includes("indexed"))!.messages as string[])[0];
  const claimsFour = hex(png);
  claimsFour[6] = 4; // width 8 -> 4 in the region header
  session.message(claimsFour);
  await session.idle();
  assert.deepEqual(closed, ["BAD_REQUEST"]);
});

test("HELLO says the hop is deflated (flag bit 1) when the connection negotiated permessage-deflate, that the clipboard (bit 2) and batches (bit 3) are welcome, and that it keeps a save-under (bit 4)", () => {
  const sent: string[] = [];
  new ViewerSession(new PixelSurface(), pngDecoder, true, quietEvents()).opened((b) => sent.push(toHex(b)), () => {}, true);
  new ViewerSession(new PixelSurface(), pngDecoder, false, quietEvents()).opened((b) => sent.push(toHex(b)), () => {}, true);
  new ViewerSession(new PixelSurface(), pngDecoder, true, quietEvents()).opened((b) => sent.push(toHex(b)), () => {}, false);
  assert.deepEqual(sent, ["81011f", "81011e", "81011d"]);
});

test("a BATCH is its parts in order: a RESIZE inside applies to the regions after it, and the frame is acknowledged", async () => {
  const sent: string[] = [];
  const surface = new PixelSurface();
  const session = new ViewerSession(surface, pngDecoder, false, quietEvents());
  session.opened((b) => sent.push(toHex(b)), () => assert.fail("closed"));
  session.message(helloFor(2, 2));
  // RESIZE to 4x4, SOLID 3,3 1x1 red (outside the old 2x2 screen), FRAME_END 1.
  session.message(hex("08 000005 0200040004 00000c 10 0003 0003 0001 0001 ff0000 000005 0300000001"));
  await session.idle();
  assert.deepEqual(sent, ["81011c", "8500000001"]);
  assert.deepEqual(surface.rows()[3].split(" ")[3], "ff0000");
});

test("a malformed BATCH, or one carrying what a frame cannot, closes with BAD_REQUEST", () => {
  // The last four carry a PONG, a BATCH, a CLIPBOARD and a SETTINGS: none of them is part of a frame.
  for (const bad of ["08", "08 0000", "08 000000", "08 000009 0300000001", "08 000005 0300000001 00", "08 000005 0500000001",
    "08 000001 08", "08 000002 0641 000005 0300000001", "08 00000a 07010000000000040000"]) {
    const closed: string[] = [];
    const session = new ViewerSession(new PixelSurface(), pngDecoder, false, quietEvents());
    session.opened(() => {}, (k) => closed.push(k));
    session.message(helloFor(2, 2));
    session.message(hex(bad));
    assert.deepEqual(closed, ["BAD_REQUEST"], bad);
  }
});

test("a COPY saves under what it covers outside its own source: the strip ahead of a dragged window, nothing for a copy onto itself", () => {
  assert.deepEqual(coveredBy({ x: 110, y: 40, width: 100, height: 80, srcX: 100, srcY: 40 }), [{ x: 200, y: 40, width: 10, height: 80 }]);
  assert.deepEqual(coveredBy({ x: 10, y: 10, width: 20, height: 20, srcX: 15, srcY: 5 }), [
    { x: 10, y: 25, width: 20, height: 5 },
    { x: 10, y: 10, width: 5, height: 15 },
  ]);
  assert.deepEqual(coveredBy({ x: 50, y: 50, width: 10, height: 10, srcX: 0, srcY: 0 }), [{ x: 50, y: 50, width: 10, height: 10 }]);
  assert.deepEqual(coveredBy({ x: 5, y: 5, width: 10, height: 10, srcX: 5, srcY: 5 }), []);
});
