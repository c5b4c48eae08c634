// The display WebSocket: gets a ticket, connects, and after a network drop or a retryable
// failure reconnects with growing, jittered delays; reports its status for the overlay.

import type { ErrorKind } from "./errors.js";
import { SESSION_ENDED, TAKEN_OVER, closeCodeOf, isRetryable, kindOfCloseCode, kindOfStatus } from "./errors.js";

/** What the connection needs of a WebSocket (the browser's, or a fake in tests). */
export interface SocketLike {
  binaryType: string;
  /** The extensions the server accepted (the browser's WebSocket has it; "" or absent for none). */
  readonly extensions?: string;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((e: unknown) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: ((e: { code: number; reason: string }) => void) | null;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export type TicketResult =
  | { ticket: string }
  | { waiting: string } // the desktop is still being prepared; ask again shortly
  | { failed: ErrorKind; detail?: string };

export interface TicketSource {
  next(): Promise<TicketResult>;
  /** True if a fresh ticket can be had after a drop (false for a one-off ticket from the URL). */
  readonly renewable: boolean;
}

export type Status =
  | { state: "connecting"; detail: string }
  | { state: "connected" }
  | { state: "reconnecting"; retryInMs: number; reason: string }
  | { state: "ended" }
  /** The desktop was opened on another device; only a person may take it back. */
  | { state: "taken-over" }
  | { state: "failed"; kind: ErrorKind; detail?: string };

/** States the connection stays in until a person acts (Retry, Take back, or a new page). */
export function isFinal(s: Status): boolean {
  return s.state === "ended" || s.state === "taken-over" || s.state === "failed";
}

/** One open socket's traffic, handed to the viewer. */
export interface Session {
  /** deflated: the connection negotiated permessage-deflate (docs/protocol.md, HELLO flag bit 1). */
  opened(send: (bytes: Uint8Array) => void, close: (kind: ErrorKind) => void, deflated: boolean): void;
  message(bytes: Uint8Array): void;
  closed(): void;
}

export interface ConnectionOptions {
  url: (ticket: string) => string;
  tickets: TicketSource;
  socket: (url: string) => SocketLike;
  clock: Clock;
  session: Session;
  status: (s: Status) => void;
  /** Kiosk terminals never give up: every failure is retried. */
  forever?: boolean;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
const WAITING_POLL_MS = 1_000;
/**
 * A network cut sends no close: the socket looks open while nothing arrives. A question the host
 * answers at once (PING) left unanswered this long, or a handshake not done in CONNECT_TIMEOUT_MS,
 * means the link is dead, and the viewer reconnects instead of waiting for TCP to give up (minutes).
 */
export const SILENT_LINK_MS = 6_000;
const CONNECT_TIMEOUT_MS = 15_000;

export class Connection {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = false;
  private live = false;
  /** Set when our side closed for a protocol error: the close event's code may not echo it. */
  private closingKind: ErrorKind | null = null;
  /** When the oldest question still unanswered was asked; null when the host has answered everything. */
  private askedAt: number | null = null;
  private handshakeTimer: unknown = null;

  constructor(private readonly o: ConnectionOptions) {}

  start(): void {
    this.stopped = false;
    this.attempt = 0;
    void this.connect();
  }

  /** The first frame is painted: the connection works, so the next drop starts backing off afresh. */
  markLive(): void {
    this.live = true;
    this.attempt = 0;
    this.o.status({ state: "connected" });
  }

  /**
   * The viewer sent something the host answers at once (a PING). Called on the viewer's ping
   * timer: a background tab's timers slow down to a minute, so silence is counted from the
   * question, not from the last message.
   */
  asked(): void {
    if (this.socket === null || this.handshakeTimer !== null) return;
    if (this.askedAt !== null && this.o.clock.now() - this.askedAt >= SILENT_LINK_MS) {
      this.abandon("The connection is not answering.");
      return;
    }
    this.askedAt ??= this.o.clock.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.clearHandshakeTimer();
    this.socket?.close(1000, "viewer closed");
    this.socket = null;
  }

  /** Bytes waiting in the socket: the viewer holds back pointer moves while this is high. */
  buffered(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** The next delay: doubling from 0.5 s to 15 s, with 20 % jitter so a farm's viewers do not all return at once. */
  delayFor(attempt: number): number {
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
    return Math.round(base * (0.8 + 0.4 * this.o.clock.random()));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.o.status({ state: "connecting", detail: "Requesting access to your desktop…" });
    let result: TicketResult;
    try {
      result = await this.o.tickets.next();
    } catch {
      result = { failed: "UPSTREAM_FAILED", detail: "The server cannot be reached." };
    }
    if (this.stopped) return;
    if ("waiting" in result) {
      this.o.status({ state: "connecting", detail: result.waiting });
      this.later(WAITING_POLL_MS);
      return;
    }
    if ("failed" in result) {
      this.failOrRetry(result.failed, result.detail);
      return;
    }
    this.open(result.ticket);
  }

  private open(ticket: string): void {
    this.live = false;
    this.closingKind = null;
    this.o.status({ state: "connecting", detail: "Connecting to your desktop…" });
    const socket = this.o.socket(this.o.url(ticket));
    this.socket = socket;
    this.askedAt = null;
    socket.binaryType = "arraybuffer";
    this.handshakeTimer = this.o.clock.setTimeout(() => {
      this.handshakeTimer = null;
      this.abandon("The desktop did not answer.");
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      this.clearHandshakeTimer();
      this.o.status({ state: "connecting", detail: "Waiting for the first picture…" });
      this.o.session.opened(
        (bytes) => {
          if (this.socket === socket) socket.send(bytes);
        },
        (kind) => {
          this.closingKind = kind;
          socket.close(closeCodeOf(kind), kind);
        },
        isDeflated(socket.extensions),
      );
    };
    socket.onmessage = (e) => {
      if (this.socket !== socket) return;
      this.askedAt = null;
      if (e.data instanceof ArrayBuffer) this.o.session.message(new Uint8Array(e.data));
    };
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearHandshakeTimer();
      this.o.session.closed();
      this.onClosed(e.code, e.reason);
    };
  }

  /** Gives up on a socket that looks open but carries nothing; its close event, if it ever comes, is ignored. */
  private abandon(reason: string): void {
    const socket = this.socket;
    if (socket === null || this.stopped) return;
    this.socket = null;
    this.clearHandshakeTimer();
    socket.close(1000, "not answering");
    this.o.session.closed();
    this.retry(reason);
  }

  private clearHandshakeTimer(): void {
    if (this.handshakeTimer !== null) this.o.clock.clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  private onClosed(code: number, reason: string): void {
    if (this.stopped) return;
    if (code === SESSION_ENDED.code && reason === SESSION_ENDED.reason) {
      if (this.o.forever) {
        this.retry("The session ended; starting again.");
      } else {
        this.o.status({ state: "ended" });
      }
      return;
    }
    if (code === TAKEN_OVER.code && reason === TAKEN_OVER.reason) {
      // Not even a kiosk takes it back by itself: the other device would do the same, in a loop.
      this.o.status({ state: "taken-over" });
      return;
    }
    const kind = this.closingKind ?? kindOfCloseCode(code);
    if (kind === null) {
      this.retry("The connection dropped."); // 1006, 1001, 1011...: the network or a restart
      return;
    }
    if (kind === "UNAUTHORIZED" && this.live && this.o.tickets.renewable) {
      this.retry("Renewing access…"); // a ticket expired while we were connected: a new one fixes it
      return;
    }
    this.failOrRetry(kind);
  }

  private failOrRetry(kind: ErrorKind, detail?: string): void {
    if (isRetryable(kind) || this.o.forever) {
      this.retry(detail ?? kind);
    } else {
      this.o.status({ state: "failed", kind, detail });
    }
  }

  private retry(reason: string): void {
    if (!this.o.tickets.renewable) {
      this.o.status({ state: "failed", kind: "UNAUTHORIZED", detail: "This link can be used only once; open the desktop again from the portal." });
      return;
    }
    const delay = this.delayFor(this.attempt++);
    this.o.status({ state: "reconnecting", retryInMs: delay, reason });
    this.later(delay);
  }

  private later(ms: number): void {
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, ms);
  }
}

/** The ticket in the page's URL: good for one connection only. */
export function oneTicket(ticket: string): TicketSource {
  let used = false;
  return {
    renewable: false,
    async next() {
      if (used) return { failed: "UNAUTHORIZED" };
      used = true;
      return { ticket };
    },
  };
}

/**
 * Fresh tickets for a session from `POST /api/v1/sessions/{id}/tickets?wait=20`, which answers
 * `{"ticket": "..."}` the moment the desktop runs, the server holding the request while it
 * starts (polling every second would cost an instant-on launch up to a second); after 20 s
 * still starting it answers 202 with `{"state": "...", "detail": "Starting the machine"}` and
 * the viewer shows the detail and asks again. Failures are RFC 9457 problem documents with the
 * kind in `error`.
 */
export function sessionTickets(sessionId: string, fetchFn: typeof fetch, first?: string): TicketSource {
  return apiTickets(`/api/v1/sessions/${encodeURIComponent(sessionId)}/tickets?wait=${TICKET_WAIT_S}`, fetchFn, first);
}

/** How long the server may hold a ticket request while the desktop starts (at most 25). */
const TICKET_WAIT_S = 20;

/** Fresh tickets from a ticket endpoint of the API (a POST answered as `sessionTickets` describes), `first` used first. */
export function apiTickets(path: string, fetchFn: typeof fetch, first?: string): TicketSource {
  let pending = first;
  return {
    renewable: true,
    async next() {
      if (pending) {
        const t = pending;
        pending = undefined;
        return { ticket: t };
      }
      const response = await fetchFn(path, {
        method: "POST",
        // A request lost in a network cut never fails by itself; the server holds it at most TICKET_WAIT_S.
        signal: AbortSignal.timeout((TICKET_WAIT_S + 10) * 1000),
        credentials: "same-origin",
        headers: { Accept: "application/json", [SAME_ORIGIN_HEADER]: "viewer" },
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok && typeof body.ticket === "string") return { ticket: body.ticket };
      if (response.status === 202) return { waiting: typeof body.detail === "string" ? body.detail : "Preparing your desktop…" };
      const kind = typeof body.error === "string" ? (body.error as ErrorKind) : kindOfStatus(response.status);
      return { failed: kind, detail: typeof body.detail === "string" ? body.detail : undefined };
    },
  };
}

/** Failures that mean a kiosk's sign-in or session is gone: its start page signs in and launches again. */
const KIOSK_LOST: readonly ErrorKind[] = ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"];

/**
 * A kiosk terminal has nobody to sign in again or to click Launch: when its tickets stop
 * coming because the sign-in expired or the session ended, it goes back to its start page.
 */
export function kioskTickets(source: TicketSource, goHome: () => void): TicketSource {
  return {
    renewable: source.renewable,
    async next() {
      const result = await source.next();
      if ("failed" in result && KIOSK_LOST.includes(result.failed)) {
        goHome();
        return { waiting: "Signing this terminal in again…" };
      }
      return result;
    },
  };
}

/**
 * Sent with every cookie-authenticated API call. A page of another site cannot add a custom
 * header to a request here without a CORS preflight, which the server never grants: that is
 * the server's protection against cross-site request forgery for the viewer's calls.
 */
export const SAME_ORIGIN_HEADER = "X-Ventana-Request";

/** True if the server accepted permessage-deflate (the header value as WebSocket.extensions gives it). */
export function isDeflated(extensions: string | undefined): boolean {
  return (extensions ?? "").split(",").some((e) => e.trim().split(";")[0].trim() === "permessage-deflate");
}
