// The display protocol, version 1 (docs/protocol.md): host messages decoded with every check
// the spec asks of the browser, browser messages encoded. No DOM here, so node tests run it.

export const PROTOCOL_VERSION = 1;
export const MAX_MESSAGE_BYTES = 1 << 20;
export const MAX_SCREEN_SIDE = 16384;
export const MAX_CURSOR_SIDE = 128;
export const MAX_RAW_PIXELS = 1024;
export const MAX_WHEEL_NOTCHES = 16;
export const FLAG_ACCEPTS_JPEG = 1;
/** HELLO flag bit 1: the WebSocket negotiated permessage-deflate: the host may send small regions uncompressed for it to squeeze. */
export const FLAG_DEFLATED_HOP = 2;
/** HELLO flag bit 2: this viewer takes the guest's clipboard (CLIPBOARD from the host). */
export const FLAG_TAKES_CLIPBOARD = 4;
/** HELLO flag bit 3: the viewer unpacks BATCH (0x08): the host may send a frame's messages as one WebSocket message. */
export const FLAG_BATCHES = 8;
/** HELLO flag bit 4: the viewer keeps a save-under buffer and paints RESTORE (0x17). */
export const FLAG_SAVE_UNDER = 16;
/** Clipboard text either way, in UTF-8 bytes (docs/protocol.md, "Clipboard"). */
export const MAX_CLIPBOARD_BYTES = 256 * 1024;
/** SETTINGS flags: what the session's pool lets this viewer do. */
export const SETTING_RESIZE = 1;
export const SETTING_PASTE = 2;
export const SETTING_COPY = 4;
/** A NOTICE's whole message, type byte included; its id and text in characters. */
export const MAX_NOTICE_BYTES = 4096;
export const MAX_NOTICE_ID = 64;
export const MAX_NOTICE_TEXT = 1000;

export interface Rect { x: number; y: number; width: number; height: number }

export type HostMessage =
  | { type: "HELLO"; version: number; width: number; height: number; window: number }
  | { type: "RESIZE"; width: number; height: number }
  | { type: "FRAME_END"; frame: number }
  | { type: "CURSOR"; hotX: number; hotY: number; width: number; height: number; rgba: Uint8Array }
  | { type: "PONG"; nonce: number }
  | { type: "CLIPBOARD"; text: string }
  | { type: "SETTINGS"; flags: number; maxWidth: number; maxHeight: number; clipboardBytes: number }
  /** Messages of a frame in one: each part is a whole host message, decoded in order by the session. */
  | { type: "BATCH"; parts: Uint8Array[] }
  | ({ type: "NOTICE"; cleared: false } & Notice)
  | { type: "NOTICE"; cleared: true; id: string }
  | RegionMessage;

export type NoticeLevel = "info" | "warning" | "error";

/** What the server's gateway asks the viewer to show; a notice with the same id replaces it. */
export interface Notice {
  id: string;
  /** SESSION_LOST, IDLE_WARNING, ..., or a newer server's kind, which the viewer shows like ADMIN_MESSAGE. */
  kind: string;
  level: NoticeLevel;
  /** Plain text, never markup. */
  text: string;
  /** A countdown in whole seconds from the notice's arrival, or null. */
  secondsLeft: number | null;
  /** Action names as sent, unknown ones included: the display skips what it does not know. */
  actions: string[];
}

export type RegionMessage =
  | ({ type: "SOLID"; rgb: number } & Rect)
  | ({ type: "COPY"; srcX: number; srcY: number } & Rect)
  /** Paint back from the save-under what a COPY covered there (docs/protocol.md, "Save-under"). */
  | ({ type: "RESTORE" } & Rect)
  | ({ type: "PNG"; payload: Uint8Array } & Rect)
  | ({ type: "JPEG"; payload: Uint8Array } & Rect)
  | ({ type: "RAW"; payload: Uint8Array } & Rect)
  /** Two colours, one bit per pixel (rows MSB first, padded to whole bytes; 1 = foreground). */
  | ({ type: "BITMAP"; background: number; foreground: number; payload: Uint8Array } & Rect);

export type BrowserMessage =
  | { type: "HELLO"; version: number; flags: number }
  | { type: "KEY"; down: boolean; code: number }
  | { type: "POINTER"; x: number; y: number; buttons: number }
  | { type: "WHEEL"; dx: number; dy: number }
  | { type: "FRAME_ACK"; frame: number }
  | { type: "PING"; nonce: number }
  | { type: "REFRESH" }
  | { type: "SET_SIZE"; width: number; height: number }
  | { type: "CLIPBOARD"; text: string };

/** A host message the browser must refuse; the viewer closes with 4400 BAD_REQUEST. */
export class ProtocolError extends Error {
  readonly kind: "BAD_REQUEST" | "TOO_LARGE";
  constructor(message: string, kind: "BAD_REQUEST" | "TOO_LARGE" = "BAD_REQUEST") {
    super(message);
    this.kind = kind;
  }
}

export interface ScreenSize { width: number; height: number }

/**
 * Decodes one host message. `screen` is the size the browser currently shows (from HELLO or the
 * last RESIZE); regions must lie inside it. Before HELLO pass null: only HELLO is then valid.
 */
export function decodeHostMessage(bytes: Uint8Array, screen: ScreenSize | null): HostMessage {
  if (bytes.length > MAX_MESSAGE_BYTES) throw new ProtocolError(`message of ${bytes.length} bytes`, "TOO_LARGE");
  if (bytes.length === 0) throw new ProtocolError("empty message");
  const r = new Reader(bytes);
  const type = r.u8();
  // The gateway may inject a NOTICE or SETTINGS before the host has said anything.
  if (screen === null && type !== 0x01 && type !== 0x20 && type !== 0x07) throw new ProtocolError(`0x${type.toString(16)} before HELLO`);
  switch (type) {
    case 0x01: {
      r.expect(6, "HELLO");
      const m = { type: "HELLO", version: r.u8(), width: r.u16(), height: r.u16(), window: r.u8() } as const;
      checkScreen(m.width, m.height);
      if (m.version !== PROTOCOL_VERSION) throw new ProtocolError(`version ${m.version}`);
      if (m.window < 1) throw new ProtocolError("window 0");
      return m;
    }
    case 0x02: {
      r.expect(4, "RESIZE");
      const m = { type: "RESIZE", width: r.u16(), height: r.u16() } as const;
      checkScreen(m.width, m.height);
      return m;
    }
    case 0x03: {
      r.expect(4, "FRAME_END");
      const frame = r.u32();
      if (frame === 0) throw new ProtocolError("frame 0");
      return { type: "FRAME_END", frame };
    }
    case 0x04: {
      r.atLeast(8, "CURSOR");
      const hotX = r.u16(), hotY = r.u16(), width = r.u16(), height = r.u16();
      if (width > MAX_CURSOR_SIDE || height > MAX_CURSOR_SIDE || (width === 0) !== (height === 0)) {
        throw new ProtocolError(`cursor ${width}x${height}`);
      }
      if (width > 0 ? hotX >= width || hotY >= height : hotX !== 0 || hotY !== 0) {
        throw new ProtocolError("cursor hotspot outside the image");
      }
      r.expect(width * height * 4, "CURSOR pixels");
      return { type: "CURSOR", hotX, hotY, width, height, rgba: r.rest() };
    }
    case 0x05:
      r.expect(4, "PONG");
      return { type: "PONG", nonce: r.u32() };
    case 0x06: {
      if (bytes.length - 1 > MAX_CLIPBOARD_BYTES) throw new ProtocolError(`CLIPBOARD of ${bytes.length - 1} bytes`, "TOO_LARGE");
      return { type: "CLIPBOARD", text: utf8(r.rest(), "CLIPBOARD") };
    }
    case 0x07: {
      r.expect(9, "SETTINGS");
      const flags = r.u8(), maxWidth = r.u16(), maxHeight = r.u16(), clipboardBytes = r.u32();
      return { type: "SETTINGS", flags, maxWidth, maxHeight, clipboardBytes };
    }
    case 0x08:
      return { type: "BATCH", parts: splitBatch(bytes) };
    case 0x10: {
      const rect = r.region(screen!);
      r.expect(3, "SOLID");
      return { type: "SOLID", ...rect, rgb: r.rgb() };
    }
    case 0x11: {
      const rect = r.region(screen!);
      r.expect(4, "COPY");
      const srcX = r.u16(), srcY = r.u16();
      checkInside({ x: srcX, y: srcY, width: rect.width, height: rect.height }, screen!);
      return { type: "COPY", ...rect, srcX, srcY };
    }
    case 0x12:
    case 0x13: {
      const rect = r.region(screen!);
      r.atLeast(1, "image payload");
      return { type: type === 0x12 ? "PNG" : "JPEG", ...rect, payload: r.rest() };
    }
    case 0x14: {
      const rect = r.region(screen!);
      if (rect.width * rect.height > MAX_RAW_PIXELS) throw new ProtocolError(`RAW of ${rect.width}x${rect.height}`);
      r.expect(rect.width * rect.height * 3, "RAW pixels");
      return { type: "RAW", ...rect, payload: r.rest() };
    }
    // 0x15 is reserved for WebP and refused like any unknown type.
    case 0x16: {
      const rect = r.region(screen!);
      r.expect(6 + Math.ceil(rect.width / 8) * rect.height, "BITMAP");
      const background = r.rgb(), foreground = r.rgb();
      return { type: "BITMAP", ...rect, background, foreground, payload: r.rest() };
    }
    case 0x17: {
      const rect = r.region(screen!);
      r.expect(0, "RESTORE");
      return { type: "RESTORE", ...rect };
    }
    case 0x20:
      if (bytes.length > MAX_NOTICE_BYTES) throw new ProtocolError(`NOTICE of ${bytes.length} bytes`);
      return decodeNotice(r.rest());
    default:
      throw new ProtocolError(`unknown message type 0x${type.toString(16)}`);
  }
}

export function encodeBrowserMessage(m: BrowserMessage): Uint8Array {
  switch (m.type) {
    case "HELLO":
      return bytes(0x81, [u8(m.version), u8(m.flags)]);
    case "KEY":
      if (!isValidScancode(m.code)) throw new RangeError(`not a scancode: 0x${m.code.toString(16)}`);
      return bytes(0x82, [u8(m.down ? 1 : 0), u16(m.code)]);
    case "POINTER":
      if ((m.buttons & ~0x1f) !== 0) throw new RangeError(`buttons 0x${m.buttons.toString(16)}`);
      return bytes(0x83, [u16(m.x), u16(m.y), u8(m.buttons)]);
    case "WHEEL":
      if ((m.dx === 0 && m.dy === 0) || Math.abs(m.dx) > MAX_WHEEL_NOTCHES || Math.abs(m.dy) > MAX_WHEEL_NOTCHES) {
        throw new RangeError(`wheel ${m.dx},${m.dy}`);
      }
      return bytes(0x84, [[m.dx & 0xff], [m.dy & 0xff]]);
    case "FRAME_ACK":
      return bytes(0x85, [u32(m.frame)]);
    case "PING":
      return bytes(0x86, [u32(m.nonce)]);
    case "REFRESH":
      return bytes(0x87, []);
    case "SET_SIZE":
      if (!(m.width >= 1 && m.height >= 1 && m.width <= MAX_SCREEN_SIDE && m.height <= MAX_SCREEN_SIDE)) {
        throw new RangeError(`size ${m.width}x${m.height}`);
      }
      return bytes(0x88, [u16(m.width), u16(m.height)]);
    case "CLIPBOARD": {
      const text = new TextEncoder().encode(m.text);
      if (text.length > MAX_CLIPBOARD_BYTES) throw new RangeError(`clipboard text of ${text.length} bytes`);
      const out = new Uint8Array(1 + text.length);
      out[0] = 0x89;
      out.set(text, 1);
      return out;
    }
  }
}

/** Valid protocol key codes: 0x0001-0x007f and 0xe001-0xe07f. */
export function isValidScancode(code: number): boolean {
  const prefix = code >>> 8, low = code & 0xff;
  return Number.isInteger(code) && (prefix === 0 || prefix === 0xe0) && low >= 1 && low <= 0x7f;
}

/**
 * Types a BATCH may not carry, none of them part of a frame: the handshake, pongs, the clipboard,
 * the gateway's settings and notices, batches.
 */
const NOT_IN_BATCH: readonly number[] = [0x01, 0x05, 0x06, 0x07, 0x08, 0x20];

/** A BATCH's parts: `length u24` then that many bytes, to the end; at least one part, none empty. */
function splitBatch(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let offset = 1;
  while (offset < bytes.length) {
    if (offset + 3 > bytes.length) throw new ProtocolError("BATCH: truncated length");
    const length = (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
    offset += 3;
    if (length === 0) throw new ProtocolError("BATCH: empty part");
    if (offset + length > bytes.length) throw new ProtocolError("BATCH: truncated part");
    const part = bytes.subarray(offset, offset + length);
    if (NOT_IN_BATCH.includes(part[0])) throw new ProtocolError(`BATCH: 0x${part[0].toString(16)} inside`);
    parts.push(part);
    offset += length;
  }
  if (parts.length === 0) throw new ProtocolError("BATCH: empty");
  return parts;
}

const NOTICE_LEVELS: readonly string[] = ["info", "warning", "error"] satisfies NoticeLevel[];

function utf8(body: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new ProtocolError(`${what} is not UTF-8`);
  }
}

/** A NOTICE's UTF-8 JSON body; unknown fields are a newer server's and are ignored. */
function decodeNotice(body: Uint8Array): HostMessage {
  let json: unknown;
  try {
    json = JSON.parse(utf8(body, "NOTICE"));
  } catch {
    throw new ProtocolError("NOTICE is not UTF-8 JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ProtocolError("NOTICE is not a JSON object");
  const o = json as Record<string, unknown>;
  const id = noticeString(o.id, 1, MAX_NOTICE_ID, "id");
  // Optional fields may also be null: what a Java record with an empty field serializes to by default.
  if (o.cleared === true) return { type: "NOTICE", cleared: true, id };
  if (o.cleared !== undefined && o.cleared !== null && o.cleared !== false) throw new ProtocolError("NOTICE cleared is not a boolean");
  const kind = noticeString(o.kind, 0, Infinity, "kind");
  if (typeof o.level !== "string" || !NOTICE_LEVELS.includes(o.level)) throw new ProtocolError(`NOTICE level ${String(o.level)}`);
  const text = noticeString(o.text, 0, MAX_NOTICE_TEXT, "text");
  const seconds = o.secondsLeft ?? null;
  if (seconds !== null && !(Number.isSafeInteger(seconds) && (seconds as number) >= 0)) {
    throw new ProtocolError(`NOTICE secondsLeft ${String(seconds)}`);
  }
  const actions = o.actions ?? [];
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === "string")) throw new ProtocolError("NOTICE actions");
  return { type: "NOTICE", cleared: false, id, kind, level: o.level as NoticeLevel, text, secondsLeft: seconds as number | null, actions };
}

function noticeString(v: unknown, min: number, max: number, field: string): string {
  if (typeof v !== "string") throw new ProtocolError(`NOTICE ${field} is not a string`);
  // Counted in code points: never stricter than a server that counts UTF-16 units.
  const length = [...v].length;
  if (length < min || length > max) throw new ProtocolError(`NOTICE ${field} of ${length} characters`);
  return v;
}

function checkScreen(width: number, height: number): void {
  if (width < 1 || height < 1 || width > MAX_SCREEN_SIDE || height > MAX_SCREEN_SIDE) {
    throw new ProtocolError(`screen ${width}x${height}`);
  }
}

function checkInside(r: Rect, screen: ScreenSize): void {
  if (r.x + r.width > screen.width || r.y + r.height > screen.height) {
    throw new ProtocolError(`rectangle ${r.x},${r.y} ${r.width}x${r.height} outside ${screen.width}x${screen.height}`);
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly data: Uint8Array) {}

  u8(): number {
    return this.data[this.offset++];
  }
  u16(): number {
    const v = (this.data[this.offset] << 8) | this.data[this.offset + 1];
    this.offset += 2;
    return v;
  }
  rgb(): number {
    return (this.u8() << 16) | (this.u8() << 8) | this.u8();
  }
  u32(): number {
    return this.u16() * 0x10000 + this.u16();
  }
  rest(): Uint8Array {
    const out = this.data.slice(this.offset);
    this.offset = this.data.length;
    return out;
  }
  /** Exactly n bytes must remain. */
  expect(n: number, what: string): void {
    const left = this.data.length - this.offset;
    if (left !== n) throw new ProtocolError(`${what}: ${n} bytes expected, ${left} left`);
  }
  atLeast(n: number, what: string): void {
    const left = this.data.length - this.offset;
    if (left < n) throw new ProtocolError(`${what}: truncated`);
  }
  region(screen: ScreenSize): Rect {
    this.atLeast(8, "region header");
    const r = { x: this.u16(), y: this.u16(), width: this.u16(), height: this.u16() };
    if (r.width === 0 || r.height === 0) throw new ProtocolError("empty region");
    checkInside(r, screen);
    return r;
  }
}

function u8(v: number): number[] {
  return [v & 0xff];
}
function u16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}
function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}
function bytes(type: number, fields: number[][]): Uint8Array {
  return Uint8Array.from([type, ...fields.flat()]);
}
