// The pointer: absolute positions mapped from the scaled canvas back to screen pixels, the
// buttons held, and the wheel in whole notches.

import type { BrowserMessage } from "./protocol.js";
import { MAX_WHEEL_NOTCHES } from "./protocol.js";

export interface Box { left: number; top: number; width: number; height: number }

/** Maps a position on the page to a screen pixel through the canvas's on-page box; clamps to the screen. */
export function toScreen(clientX: number, clientY: number, box: Box, screenW: number, screenH: number): { x: number; y: number } {
  const x = Math.floor(((clientX - box.left) * screenW) / box.width);
  const y = Math.floor(((clientY - box.top) * screenH) / box.height);
  return { x: clamp(x, 0, screenW - 1), y: clamp(y, 0, screenH - 1) };
}

/**
 * DOM MouseEvent.buttons (1 left, 2 right, 4 middle, 8 back, 16 forward) to the protocol's
 * mask (bit 0 left, 1 middle, 2 right, 3 back, 4 forward: the RFB order).
 */
export function protocolButtons(domButtons: number): number {
  return (domButtons & 1) | ((domButtons & 4) >> 1) | ((domButtons & 2) << 1) | (domButtons & 8) | (domButtons & 16);
}

/** Pixels and lines per notch; a page counts as one notch. */
const PIXELS_PER_NOTCH = 100;
const LINES_PER_NOTCH = 3;

/** Accumulates wheel deltas (touchpads send many small ones) and gives out whole notches. */
export class WheelAccumulator {
  private x = 0;
  private y = 0;

  /** deltaMode as in WheelEvent: 0 pixels, 1 lines, 2 pages. Returns a WHEEL message or null. */
  add(deltaX: number, deltaY: number, deltaMode: number): BrowserMessage | null {
    const per = deltaMode === 0 ? PIXELS_PER_NOTCH : deltaMode === 1 ? LINES_PER_NOTCH : 1;
    // A change of direction drops the remainder: the user means the new way at once.
    if (Math.sign(deltaX) * Math.sign(this.x) < 0) this.x = 0;
    if (Math.sign(deltaY) * Math.sign(this.y) < 0) this.y = 0;
    this.x += deltaX / per;
    this.y += deltaY / per;
    const dx = clamp(Math.trunc(this.x), -MAX_WHEEL_NOTCHES, MAX_WHEEL_NOTCHES);
    const dy = clamp(Math.trunc(this.y), -MAX_WHEEL_NOTCHES, MAX_WHEEL_NOTCHES);
    if (dx === 0 && dy === 0) return null;
    this.x -= Math.trunc(this.x);
    this.y -= Math.trunc(this.y);
    return { type: "WHEEL", dx, dy };
  }
}

/** Sends pointer state only when it changed: a still mouse costs nothing. */
export class PointerTracker {
  private last = "";

  update(x: number, y: number, buttons: number): BrowserMessage | null {
    const key = `${x},${y},${buttons}`;
    if (key === this.last) return null;
    this.last = key;
    return { type: "POINTER", x, y, buttons };
  }
}

/**
 * Wires the canvas's pointer and wheel events to the connection. beforePointer sees each pointer
 * event first, so the keyboard can release a modifier the event shows up before the pointer moves.
 */
export function attachMouse(
  canvas: HTMLCanvasElement,
  screen: () => { width: number; height: number } | null,
  send: (m: BrowserMessage) => void,
  beforePointer: (e: PointerEvent) => void = () => undefined,
): () => void {
  const tracker = new PointerTracker();
  const wheel = new WheelAccumulator();
  const onPointer = (e: PointerEvent) => {
    beforePointer(e);
    const size = screen();
    if (!size) return;
    if (e.type === "pointerdown") {
      canvas.focus();
      // Keep getting events while a button is held outside the canvas, so no button stays stuck.
      canvas.setPointerCapture(e.pointerId);
    }
    const p = toScreen(e.clientX, e.clientY, canvas.getBoundingClientRect(), size.width, size.height);
    const m = tracker.update(p.x, p.y, protocolButtons(e.buttons));
    if (m) send(m);
    e.preventDefault();
  };
  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const m = wheel.add(e.deltaX, e.deltaY, e.deltaMode);
    if (m) send(m);
  };
  const noMenu = (e: Event) => e.preventDefault();
  for (const type of ["pointermove", "pointerdown", "pointerup"] as const) canvas.addEventListener(type, onPointer);
  canvas.addEventListener("wheel", onWheel, { passive: false });
  canvas.addEventListener("contextmenu", noMenu);
  return () => {
    for (const type of ["pointermove", "pointerdown", "pointerup"] as const) canvas.removeEventListener(type, onPointer);
    canvas.removeEventListener("wheel", onWheel);
    canvas.removeEventListener("contextmenu", noMenu);
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
