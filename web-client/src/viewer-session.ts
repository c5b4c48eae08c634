// One connection's conversation, without the DOM: the handshake, decoding with the spec's
// checks, painting in order, acknowledging painted frames, and passing input only once the
// host has said HELLO. The page wires it to a canvas; tests wire it to a pixel array.

import type { BrowserMessage, HostMessage, ScreenSize } from "./protocol.js";
import {
  FLAG_ACCEPTS_JPEG, FLAG_BATCHES, FLAG_DEFLATED_HOP, FLAG_SAVE_UNDER, FLAG_TAKES_CLIPBOARD, PROTOCOL_VERSION, ProtocolError, decodeHostMessage,
  encodeBrowserMessage,
} from "./protocol.js";
import type { ImageDecoder, Surface } from "./painter.js";
import { Painter } from "./painter.js";
import type { Session } from "./connection.js";
import type { ErrorKind } from "./errors.js";

export interface SessionEvents {
  /** A new connection is open; the gateway's greeting (the notices showing now) comes first on it. */
  opened(): void;
  /** The first frame is painted. */
  live(): void;
  screen(size: ScreenSize): void;
  cursor(m: Extract<HostMessage, { type: "CURSOR" }>): void;
  pong(nonce: number): void;
  /** A NOTICE from the server's gateway: outside frames, so nothing to acknowledge or paint. */
  notice(m: Extract<HostMessage, { type: "NOTICE" }>): void;
  /** What the session's pool lets this viewer do (the gateway's SETTINGS, before HELLO). */
  settings(m: Extract<HostMessage, { type: "SETTINGS" }>): void;
  /** Text copied in the guest. */
  copied(text: string): void;
  framePainted(frame: number): void;
  received(bytes: number): void;
  failed(kind: ErrorKind, detail: string): void;
}

export class ViewerSession implements Session {
  private send: ((bytes: Uint8Array) => void) | null = null;
  private close: ((kind: ErrorKind) => void) | null = null;
  private painter: Painter | null = null;
  private screenSize: ScreenSize | null = null;
  private painted = 0;

  constructor(
    private readonly surface: Surface,
    private readonly decode: ImageDecoder,
    private readonly acceptsJpeg: boolean,
    private readonly events: SessionEvents,
  ) {}

  opened(send: (bytes: Uint8Array) => void, close: (kind: ErrorKind) => void, deflated = false): void {
    this.send = send;
    this.close = close;
    this.screenSize = null;
    this.painted = 0;
    const painter = new Painter(this.surface, this.decode, {
      framePainted: (frame) => {
        if (this.painter !== painter) return; // a frame of a connection that has since closed
        send(encodeBrowserMessage({ type: "FRAME_ACK", frame }));
        this.events.framePainted(frame);
        if (this.painted++ === 0) this.events.live();
      },
      failed: (error) => this.fail("BAD_REQUEST", error.message),
    });
    this.painter = painter;
    this.events.opened();
    const flags = (this.acceptsJpeg ? FLAG_ACCEPTS_JPEG : 0) | (deflated ? FLAG_DEFLATED_HOP : 0) | FLAG_TAKES_CLIPBOARD | FLAG_BATCHES | FLAG_SAVE_UNDER;
    send(encodeBrowserMessage({ type: "HELLO", version: PROTOCOL_VERSION, flags }));
  }

  message(bytes: Uint8Array): void {
    if (!this.painter) return;
    this.events.received(bytes.length);
    this.handle(bytes);
  }

  private handle(bytes: Uint8Array): void {
    if (!this.painter) return; // closed by a malformed part earlier in the same batch
    let m: HostMessage;
    try {
      m = decodeHostMessage(bytes, this.screenSize);
    } catch (e) {
      this.fail(e instanceof ProtocolError ? e.kind : "BAD_REQUEST", e instanceof Error ? e.message : String(e));
      return;
    }
    switch (m.type) {
      case "HELLO":
        if (this.screenSize !== null) {
          this.fail("BAD_REQUEST", "second HELLO");
          return;
        }
        this.screenSize = { width: m.width, height: m.height };
        this.surface.resize(m.width, m.height);
        this.events.screen(this.screenSize);
        break;
      case "RESIZE":
        this.screenSize = { width: m.width, height: m.height };
        this.painter.accept(m);
        this.events.screen(this.screenSize);
        break;
      case "CURSOR":
        this.events.cursor(m);
        break;
      case "PONG":
        this.events.pong(m.nonce);
        break;
      case "NOTICE":
        this.events.notice(m);
        break;
      case "SETTINGS":
        this.events.settings(m);
        break;
      case "CLIPBOARD":
        this.events.copied(m.text);
        break;
      case "BATCH":
        // Each part checked against the screen as the parts before it left it (a RESIZE inside).
        // Only a frame's messages come in one: decoding refuses HELLO, PONG, CLIPBOARD, SETTINGS, NOTICE.
        for (const part of m.parts) this.handle(part);
        break;
      default:
        this.painter.accept(m);
    }
  }

  closed(): void {
    this.painter = null;
    this.send = null;
    this.close = null;
    this.screenSize = null;
  }

  /** Sends input once the host has answered HELLO; before that (or between connections) it is dropped. */
  input(m: BrowserMessage): void {
    if (this.send && this.screenSize) this.send(encodeBrowserMessage(m));
  }

  screen(): ScreenSize | null {
    return this.screenSize;
  }

  /** Resolves when everything received so far is painted; for tests. */
  idle(): Promise<void> {
    return this.painter?.idle() ?? Promise.resolve();
  }

  private fail(kind: ErrorKind, detail: string): void {
    this.events.failed(kind, detail);
    this.close?.(kind);
    this.painter = null;
  }
}
