// The keyboard: physical keys (KeyboardEvent.code) as scancodes, so the guest's own layout
// applies; every held key released when the page loses focus; Keyboard Lock in fullscreen so
// Esc, Ctrl+W and Alt+Tab reach the guest where the browser allows it.

import type { BrowserMessage } from "./protocol.js";
import { CTRL_ALT_DEL, scancodeOf } from "./keycodes.js";

/** The keys held down, so none stays stuck in the guest when the browser stops telling us. */
export class HeldKeys {
  private readonly held = new Set<number>();

  /** The message for a key event, or null for keys the guest cannot receive. */
  event(code: string, down: boolean): BrowserMessage | null {
    const scancode = scancodeOf(code);
    if (scancode === undefined) return null;
    if (down) {
      this.held.add(scancode);
    } else if (!this.held.delete(scancode)) {
      return null; // a release of a key pressed before the viewer had focus
    }
    return { type: "KEY", down, code: scancode };
  }

  /** Releases for everything still held, in reverse order of pressing. */
  releaseAll(): BrowserMessage[] {
    const releases = [...this.held].reverse().map((code): BrowserMessage => ({ type: "KEY", down: false, code }));
    this.held.clear();
    return releases;
  }
}

export function ctrlAltDel(): BrowserMessage[] {
  return CTRL_ALT_DEL.map((k): BrowserMessage => ({ type: "KEY", down: k.down, code: k.code }));
}

interface KeyboardLock {
  lock(codes?: string[]): Promise<void>;
  unlock(): void;
}

/** Wires key events on the target to the connection; returns a function that detaches them. */
export function attachKeyboard(target: HTMLElement, send: (m: BrowserMessage) => void): () => void {
  const keys = new HeldKeys();
  const onKey = (e: KeyboardEvent) => {
    const m = keys.event(e.code, e.type === "keydown");
    if (!m) return;
    // The guest gets the key instead of the browser (where the browser lets the page decide).
    e.preventDefault();
    e.stopPropagation();
    send(m);
  };
  const releaseAll = () => keys.releaseAll().forEach(send);
  const onVisibility = () => {
    if (document.visibilityState === "hidden") releaseAll();
  };
  const keyboard = (navigator as Navigator & { keyboard?: KeyboardLock }).keyboard;
  const onFullscreen = () => {
    if (!keyboard) return;
    if (document.fullscreenElement) {
      keyboard.lock().catch(() => undefined); // not offered by this browser: fullscreen still works
    } else {
      keyboard.unlock();
    }
  };
  target.addEventListener("keydown", onKey);
  target.addEventListener("keyup", onKey);
  target.addEventListener("blur", releaseAll);
  window.addEventListener("blur", releaseAll);
  document.addEventListener("visibilitychange", onVisibility);
  document.addEventListener("fullscreenchange", onFullscreen);
  return () => {
    releaseAll();
    target.removeEventListener("keydown", onKey);
    target.removeEventListener("keyup", onKey);
    target.removeEventListener("blur", releaseAll);
    window.removeEventListener("blur", releaseAll);
    document.removeEventListener("visibilitychange", onVisibility);
    document.removeEventListener("fullscreenchange", onFullscreen);
  };
}
