// The guest's desktop follows the viewer's window (docs/protocol.md, "Resize"), as the session's
// pool allows (SETTINGS): once the window has kept a size for a moment, the viewer asks for it
// (SET_SIZE) in screen pixels, within the pool's limits; the host answers with a RESIZE when the
// guest has changed. 1:1 then shows the whole desktop sharp; fit still scales whatever comes.

import type { BrowserMessage, ScreenSize } from "./protocol.js";

export const SETTLE_MS = 300;
/** Below this the desktop does not follow: a tiny window scales a usable desktop instead. */
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 480;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class DesktopFit {
  private allowed = false;
  private maxWidth = 0;
  private maxHeight = 0;
  private area: ScreenSize | null = null;
  private timer: unknown = null;
  private asked: ScreenSize | null = null;

  constructor(
    private readonly send: (m: BrowserMessage) => void,
    private readonly screen: () => ScreenSize | null,
    private readonly timers: Timers,
  ) {}

  /** The gateway's SETTINGS. */
  settings(allowed: boolean, maxWidth: number, maxHeight: number): void {
    this.allowed = allowed;
    this.maxWidth = maxWidth;
    this.maxHeight = maxHeight;
    this.asked = null;
  }

  /** The space the desktop has on the page, in CSS pixels (the stage's size). */
  areaChanged(width: number, height: number): void {
    this.area = { width: Math.floor(width), height: Math.floor(height) };
    this.schedule();
  }

  /** A new connection's HELLO or a RESIZE: the host's size, which may not be the window's yet. */
  screenChanged(): void {
    this.schedule();
  }

  /** The size the viewer would ask for now, or null. */
  wanted(): ScreenSize | null {
    if (!this.allowed || !this.area || this.area.width < MIN_WIDTH || this.area.height < MIN_HEIGHT) return null;
    // Widths in multiples of 8, as display modes have them.
    const width = Math.floor(Math.min(this.area.width, this.maxWidth) / 8) * 8;
    return { width, height: Math.min(this.area.height, this.maxHeight) };
  }

  private schedule(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.ask();
    }, SETTLE_MS);
  }

  private ask(): void {
    const want = this.wanted();
    const now = this.screen();
    if (!want || !now) return;
    if (want.width === now.width && want.height === now.height) return;
    // Asked once per size and connection: a guest that cannot take it keeps its own.
    if (this.asked && this.asked.width === want.width && this.asked.height === want.height) return;
    this.asked = want;
    this.send({ type: "SET_SIZE", width: want.width, height: want.height });
  }

  /** A new connection: the size is asked for again. */
  reset(): void {
    this.asked = null;
  }
}
