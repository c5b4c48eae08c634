// The keyboard: physical keys (KeyboardEvent.code) as scancodes, so the guest's own layout
// applies; every held key released when the page loses focus or the browser's modifier flags
// say so; Windows's AltGr without its fake Ctrl; macOS's keys typed with Cmd held as whole
// presses; Keyboard Lock in fullscreen so Esc, Ctrl+W and Alt+Tab reach the guest where the
// browser allows it.

import type { BrowserMessage } from "./protocol.js";
import { isPasteKey } from "./clipboard.js";
import { CTRL_ALT_DEL, SCANCODES, scancodeOf } from "./keycodes.js";
import { ModifierSync, WindowsAltGr, isModifier, platformOf } from "./modifiers.js";
import type { ModifierFlags, NavigatorLike, Platform, Schedule } from "./modifiers.js";

/** The keys held down, so none stays stuck in the guest when the browser stops telling us. */
export class HeldKeys {
  private readonly held = new Set<number>();

  /** The message for a key event, or null for keys the guest cannot receive. */
  event(code: string, down: boolean): BrowserMessage | null {
    const scancode = scancodeOf(code);
    if (scancode === undefined) return null;
    if (!down) return this.release(scancode);
    this.held.add(scancode);
    return { type: "KEY", down, code: scancode };
  }

  /** The release of a held key, or null when it is not held (pressed before the viewer had focus). */
  release(scancode: number): BrowserMessage | null {
    if (!this.held.delete(scancode)) return null;
    return { type: "KEY", down: false, code: scancode };
  }

  has(scancode: number): boolean {
    return this.held.has(scancode);
  }

  /** The held keys in the order they were pressed. */
  codes(): number[] {
    return [...this.held];
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

/** The parts of a KeyboardEvent the keyboard reads. */
export interface KeyEventLike extends ModifierFlags {
  type: string; // "keydown" or "keyup"
  code: string;
  timeStamp: number;
}

/**
 * Key and pointer events in, key messages out through send: the held keys plus the repairs in
 * modifiers.ts, macOS's CapsLock and macOS's missing keyups while Cmd is held. Messages can
 * also leave later, when a held-back Ctrl's time runs out, hence send rather than a return value.
 */
export class KeyboardInput {
  private readonly keys = new HeldKeys();
  private readonly sync = new ModifierSync();
  private readonly altGr: WindowsAltGr;

  constructor(private readonly send: (m: BrowserMessage) => void, private readonly platform: Platform, schedule: Schedule) {
    this.altGr = new WindowsAltGr(schedule, () => this.press("ControlLeft"));
  }

  /** A keydown or keyup; true when it went to the guest, so the browser should not act on it too. */
  key(e: KeyEventLike): boolean {
    const down = e.type === "keydown";
    if (this.altGr.holding && !this.altGr.settle(e.code, down, e.timeStamp)) this.press("ControlLeft");
    const scancode = scancodeOf(e.code);
    this.releaseStale(e, scancode);
    if (scancode === undefined) return false;
    if (down) this.sync.pressed(scancode, e);
    if (this.platform === "mac" && e.code === "CapsLock") {
      // macOS sends CapsLock's keydown when it turns on and its keyup when it turns off, so each
      // event is a whole press (noVNC's keyboard.js does the same).
      this.tap(e.code, scancode);
      return true;
    }
    if (down && this.platform === "mac" && e.metaKey && !isModifier(scancode)) {
      // macOS delivers no keyup for a key pressed while Cmd is held (Cmd+C: C's keyup never
      // comes), so the key would stay down in the guest and repeat. Each keydown, auto-repeats
      // included, is a whole press, as in noVNC's keyboard.js ("macOS doesn't send proper key
      // releases if a key is pressed while meta is held down", noVNC #1695/#1698); a keyup that
      // does come finds the key not held and HeldKeys drops it. Unlike noVNC, modifiers stay
      // held: their keyups do come (macOS reports them as flag changes), and noVNC's press and
      // release of Shift would turn Cmd+Shift+Z into Cmd+Z in the guest.
      this.tap(e.code, scancode);
      return true;
    }
    // The fake Ctrl's keyup finds no ControlLeft held and is dropped by HeldKeys.
    if (down && this.platform === "windows" && e.code === "ControlLeft" && !this.keys.has(SCANCODES.ControlLeft)) {
      this.altGr.hold(e.timeStamp);
      return true;
    }
    return this.sendOrNot(this.keys.event(e.code, down));
  }

  /** A pointer event's modifier flags: a Ctrl released elsewhere must not turn the next click into Ctrl+click. */
  pointer(e: ModifierFlags): void {
    // A pointer event settles a held-back Ctrl too: Ctrl+click within CTRL_HOLD_MS keeps its order.
    if (this.altGr.holding) {
      this.altGr.drop();
      this.press("ControlLeft");
    }
    this.releaseStale(e);
  }

  /** Releases for everything held, newest first. A held-back Ctrl never reached the guest and is
   *  just forgotten (noVNC presses and then releases it). */
  releaseAll(): void {
    this.altGr.drop();
    this.keys.releaseAll().forEach(this.send);
  }

  private press(code: string): void {
    this.sendOrNot(this.keys.event(code, true));
  }

  /** A press and its release at once, for keys whose other half the browser never sends. */
  private tap(code: string, scancode: number): void {
    this.press(code);
    this.sendOrNot(this.keys.release(scancode));
  }

  private releaseStale(e: ModifierFlags, own?: number): void {
    for (const code of this.sync.stale(this.keys.codes(), e, own)) this.sendOrNot(this.keys.release(code));
  }

  private sendOrNot(m: BrowserMessage | null): boolean {
    if (m) this.send(m);
    return m !== null;
  }
}

interface KeyboardLock {
  lock(codes?: string[]): Promise<void>;
  unlock(): void;
}

export interface AttachedKeyboard {
  /** Hand it every pointer event, before the pointer's own message goes. */
  pointer(e: ModifierFlags): void;
  detach(): void;
}

/** How long a paste key waits for the browser's clipboard to reach the guest before it goes anyway. */
const PASTE_WAIT_MS = 1000;

/**
 * Wires key events on the target to the connection; the platform is the browser's unless given.
 * `beforePaste` runs on a paste key (clipboard.ts): that key, and every key after it, wait until
 * it is done, so the guest pastes the text the browser holds, and keys keep their order.
 */
export function attachKeyboard(
  target: HTMLElement,
  send: (m: BrowserMessage) => void,
  platform: Platform = platformOf(navigator as NavigatorLike),
  beforePaste: () => Promise<void> = () => Promise.resolve(),
): AttachedKeyboard {
  const input = new KeyboardInput(send, platform, (fn, ms) => {
    const id = window.setTimeout(fn, ms);
    return () => window.clearTimeout(id);
  });
  let waiting: KeyboardEvent[] | null = null;
  const onKey = (e: KeyboardEvent) => {
    if (waiting !== null || isPasteKey(e)) {
      e.preventDefault();
      e.stopPropagation();
      if (waiting !== null) {
        waiting.push(e);
        return;
      }
      const held: KeyboardEvent[] = [e];
      waiting = held;
      const timeout = new Promise<void>((resolve) => window.setTimeout(resolve, PASTE_WAIT_MS));
      void Promise.race([beforePaste().catch(() => undefined), timeout]).then(() => {
        if (waiting !== held) return; // the page lost the focus meanwhile: nothing is held
        waiting = null;
        held.forEach((k) => input.key(k));
      });
      return;
    }
    if (!input.key(e)) return;
    // The guest gets the key instead of the browser (where the browser lets the page decide).
    e.preventDefault();
    e.stopPropagation();
  };
  const releaseAll = () => {
    waiting = null;
    input.releaseAll();
  };
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
  return {
    pointer: (e) => input.pointer(e),
    detach: () => {
      releaseAll();
      target.removeEventListener("keydown", onKey);
      target.removeEventListener("keyup", onKey);
      target.removeEventListener("blur", releaseAll);
      window.removeEventListener("blur", releaseAll);
      document.removeEventListener("visibilitychange", onVisibility);
      document.removeEventListener("fullscreenchange", onFullscreen);
    },
  };
}
