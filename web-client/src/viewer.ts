// The viewer page: reads the URL, wires connection, session, canvas, keyboard, mouse and overlay.
// URL parameters: session=<id> (tickets from the API, reconnects), ticket=<t> (one connection),
// kiosk=1 (fullscreen-friendly, retries forever), home=/kiosk/<key> (a kiosk's start page, to
// sign in again when its session is gone), shadow=1 (an administrator watching the session
// read-only: shadow.ts), scale=1:1, jpeg=0 (lossless only).

import { Connection, kioskTickets, oneTicket, sessionTickets } from "./connection.js";
import type { Clock, SocketLike } from "./connection.js";
import { CanvasSurface, Viewport, applyCursor, decodeWithImageBitmap } from "./display.js";
import { attachKeyboard, ctrlAltDel } from "./keyboard.js";
import { attachMouse } from "./mouse.js";
import { NoticeBanner } from "./notice-banner.js";
import { Notices } from "./notices.js";
import { Overlay } from "./overlay.js";
import { SHADOW_MARKER, isShadow, readOnly, shadowTickets, withoutTakeBack } from "./shadow.js";
import { RateMeter, RoundTrip } from "./stats.js";
import { ViewerSession } from "./viewer-session.js";
import { SETTING_RESIZE, encodeBrowserMessage } from "./protocol.js";
import { ClipboardSync } from "./clipboard.js";
import { DomClipboardPanel } from "./clipboard-panel.js";
import { DesktopFit } from "./resize.js";
import type { BrowserMessage } from "./protocol.js";

const PING_EVERY_MS = 2000;
/** Pointer moves are dropped while this much is unsent: a slow link must not queue stale motion. */
const MAX_BUFFERED_INPUT = 64 * 1024;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`viewer.html lacks #${id}`);
  return found as T;
}

function main(): void {
  const params = new URLSearchParams(location.search);
  const canvas = element<HTMLCanvasElement>("screen");
  const box = element<HTMLElement>("stage");
  const shadow = isShadow(params);
  const overlay = new Overlay(element("status"), element("figures"), element("message"), element("message-text"),
    element<HTMLButtonElement>("retry"), shadow);
  const viewport = new Viewport(canvas, box);
  if (params.get("scale") === "1:1") viewport.mode = "1:1";
  const frames = new RateMeter();
  const bytes = new RateMeter();
  const rtt = new RoundTrip();

  const sessionId = params.get("session");
  const ticket = params.get("ticket");
  if (!sessionId && !ticket) {
    overlay.show({ state: "failed", kind: "BAD_REQUEST", detail: "This page needs a session to show. Open your desktop from the portal." });
    return;
  }
  const fromApi = !sessionId ? oneTicket(ticket!)
    : shadow ? shadowTickets(sessionId, fetch.bind(window), ticket ?? undefined)
    : sessionTickets(sessionId, fetch.bind(window), ticket ?? undefined);
  if (shadow) {
    const marker = element("read-only");
    marker.textContent = SHADOW_MARKER;
    marker.hidden = false;
    element("ctrl-alt-del").hidden = true;
    document.title = `${SHADOW_MARKER} · Ventana`;
  }
  // Only a same-origin kiosk start page: the parameter must not turn the viewer into an open redirect.
  const home = params.get("home");
  const kioskHome = params.get("kiosk") === "1" && home !== null && /^\/kiosk\/[A-Za-z0-9_-]+$/.test(home) ? home : null;
  const tickets = kioskHome ? kioskTickets(fromApi, () => location.replace(kioskHome)) : fromApi;

  let connection: Connection;
  // Retry, Take back (the overlay's and a notice's): connecting again takes the desktop back.
  const connectAgain = () => {
    connection.stop();
    connection.start();
  };
  const clock: Clock = {
    now: () => performance.now(), random: Math.random,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number),
  };
  const banner = new NoticeBanner(element("notices"), (action, id) => {
    if (action === "TAKE_BACK") connectAgain();
    else if (action === "DISMISS") notices.dismiss(id);
  });
  const notices = new Notices(clock, (shown) => banner.draw(shadow ? withoutTakeBack(shown) : shown));
  const toGuest = (m: BrowserMessage) => session.input(m);
  // navigator.clipboard exists only on pages served over HTTPS (or from localhost).
  const clipboard = new ClipboardSync(toGuest, navigator.clipboard ?? null, new DomClipboardPanel(
    element<HTMLButtonElement>("clipboard"), element("clipboard-panel"), element("clipboard-hint"),
    element<HTMLTextAreaElement>("clipboard-text"), element<HTMLButtonElement>("clipboard-send"),
    element<HTMLButtonElement>("clipboard-copy"), (text) => clipboard.sendText(text)));
  const fit = new DesktopFit(toGuest, () => session.screen(), clock);
  const session = new ViewerSession(new CanvasSurface(canvas), decodeWithImageBitmap, params.get("jpeg") !== "0", {
    opened: () => {
      notices.connectionOpened();
      fit.reset();
    },
    live: () => connection.markLive(),
    screen: () => {
      viewport.layout();
      fit.screenChanged();
    },
    settings: (m) => {
      clipboard.settings(m.flags, m.clipboardBytes);
      fit.settings((m.flags & SETTING_RESIZE) !== 0, m.maxWidth, m.maxHeight);
    },
    copied: (text) => void clipboard.copied(text),
    cursor: (c) => applyCursor(canvas, c.hotX, c.hotY, c.width, c.height, c.rgba),
    pong: (nonce) => rtt.pong(nonce, performance.now()),
    notice: (m) => notices.receive(m),
    framePainted: () => frames.add(performance.now()),
    received: (n) => bytes.add(performance.now(), n),
    failed: (kind, detail) => console.warn(`display protocol: ${kind}: ${detail}`),
  });
  const wsBase = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
  connection = new Connection({
    url: (t) => `${wsBase}/ws/display?ticket=${encodeURIComponent(t)}`,
    tickets,
    socket: (url) => new WebSocket(url) as unknown as SocketLike,
    clock,
    session,
    status: (s) => {
      overlay.show(s);
      notices.connectionStatus(s);
    },
    forever: params.get("kiosk") === "1",
  });

  // A shadow listens to no key or pointer at all, and what it sends passes a read-only filter.
  const send = shadow ? readOnly((m) => session.input(m)) : (m: BrowserMessage) => session.input(m);
  if (!shadow) {
    const keyboard = attachKeyboard(canvas, send, undefined, () => clipboard.syncToGuest(true));
    // Back on the page after copying elsewhere: the guest gets the text where reading needs no prompt.
    window.addEventListener("focus", () => {
      void navigator.permissions?.query({ name: "clipboard-read" as PermissionName })
        .then((p) => p.state === "granted" ? clipboard.syncToGuest() : undefined).catch(() => undefined);
    });
    new ResizeObserver(() => fit.areaChanged(box.clientWidth, box.clientHeight)).observe(box);
    attachMouse(canvas, () => session.screen(), (m) => {
      if (m.type !== "POINTER" || m.buttons !== 0 || connection.buffered() < MAX_BUFFERED_INPUT) send(m);
    }, (e) => keyboard.pointer(e));
    element("ctrl-alt-del").addEventListener("click", () => {
      ctrlAltDel().forEach(send);
      canvas.focus();
    });
  }
  canvas.tabIndex = 0;
  canvas.focus();

  element("fullscreen").addEventListener("click", () => {
    if (document.fullscreenElement) {
      void document.exitFullscreen();
    } else {
      void document.documentElement.requestFullscreen().catch(() => undefined);
    }
    canvas.focus();
  });
  element("scale").addEventListener("click", (e) => {
    (e.currentTarget as HTMLElement).textContent = viewport.toggle() === "fit" ? "1:1" : "Fit";
    canvas.focus();
  });
  element("retry").addEventListener("click", connectAgain);
  window.addEventListener("resize", () => viewport.layout());
  window.addEventListener("beforeunload", () => connection.stop());

  window.setInterval(() => {
    connection.asked();
    const nonce = rtt.ping(performance.now());
    send({ type: "PING", nonce });
  }, PING_EVERY_MS);
  window.setInterval(() => {
    const now = performance.now();
    overlay.showFigures({ fps: frames.rate(now), kilobytesPerSecond: bytes.rate(now) / 1000, rttMs: rtt.latestMs });
  }, 500);

  // Exposed for end-to-end tests and the benchmark, which read the frame count and canvas.
  (window as unknown as { ventana: unknown }).ventana = { session, connection, encodeBrowserMessage };
  connection.start();
}

main();
