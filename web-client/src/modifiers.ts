// What browsers get wrong about modifier keys, decided here without the DOM: Windows's fake
// Ctrl in front of AltGr, and modifier releases the browser never delivered. The platform and
// the timer come in from outside, so keyboard.ts wires them and the tests need no browser.

import { SCANCODES } from "./keycodes.js";

/** The platforms whose keyboards need a repair; iOS counts as "mac" (noVNC treats them alike). */
export type Platform = "windows" | "mac" | "other";

export interface NavigatorLike {
  platform?: string;
  userAgentData?: { platform?: string };
}

/**
 * The platform from userAgentData where offered ("Windows", "macOS") or navigator.platform
 * ("Win32", "MacIntel", "iPad"); the same patterns as noVNC's util/browser.js isWindows/isMac/isIOS.
 */
export function platformOf(nav: NavigatorLike): Platform {
  const name = nav.userAgentData?.platform || nav.platform || "";
  if (/win/i.test(name)) return "windows";
  if (/mac|iphone|ipad|ipod|^ios$/i.test(name)) return "mac";
  return "other";
}

/** What a KeyboardEvent and a PointerEvent both say about the modifiers held. */
export interface ModifierFlags {
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  getModifierState(key: string): boolean;
}

const ctrl = (e: ModifierFlags) => e.ctrlKey;
const shift = (e: ModifierFlags) => e.shiftKey;
const alt = (e: ModifierFlags) => e.altKey;
const meta = (e: ModifierFlags) => e.metaKey;
// AltGr on Linux and macOS comes with altKey false and only the AltGraph state set; Windows
// browsers set altKey or AltGraph or both.
const altRight = (e: ModifierFlags) => e.altKey || e.getModifierState("AltGraph");

/** The modifier keys by scancode, each with the flag that shows it down. */
const FLAG_OF: ReadonlyMap<number, (e: ModifierFlags) => boolean> = new Map([
  [SCANCODES.ControlLeft, ctrl], [SCANCODES.ControlRight, ctrl],
  [SCANCODES.ShiftLeft, shift], [SCANCODES.ShiftRight, shift],
  [SCANCODES.AltLeft, alt], [SCANCODES.AltRight, altRight],
  [SCANCODES.MetaLeft, meta], [SCANCODES.MetaRight, meta],
]);

/** Shift, Ctrl, Alt or Meta, left or right: the keys whose flags KeyboardEvent and PointerEvent carry. */
export function isModifier(scancode: number): boolean {
  return FLAG_OF.has(scancode);
}

/**
 * Finds the modifier keys the guest holds while the browser says they are up: their release
 * happened where the page could not see it (another window, an OS shortcut that took the
 * keyboard, a lost keyup). Like the ModifierSync noVNC had in core/input/util.js until 2017,
 * but it only ever releases: the flags cannot say which of the two Ctrl keys is down.
 */
export class ModifierSync {
  /** Keys whose own keydown lacked their flag: this browser does not report them, so never trust a missing flag. */
  private readonly unreported = new Set<number>();

  /** Learns from a key's own keydown whether the flags report it (old Firefox's OS key did not). */
  pressed(scancode: number, e: ModifierFlags): void {
    const flag = FLAG_OF.get(scancode);
    if (!flag) return;
    if (flag(e)) {
      this.unreported.delete(scancode);
    } else {
      this.unreported.add(scancode);
    }
  }

  /** The held modifier keys e shows up, leaving out `own`, the key e itself is about. */
  stale(held: Iterable<number>, e: ModifierFlags, own?: number): number[] {
    const up: number[] = [];
    for (const code of held) {
      const flag = FLAG_OF.get(code);
      if (flag && code !== own && !this.unreported.has(code) && !flag(e)) up.push(code);
    }
    return up;
  }
}

/** Starts fn after ms; returns what cancels it. window.setTimeout in the page, a fake in tests. */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** noVNC's bound on the gap between Windows's fake ControlLeft and its AltRight (keyboard.js). */
export const ALTGR_GAP_MS = 50;
/** How long noVNC holds a ControlLeft back when nothing follows it (keyboard.js, _altGrTimeout). */
export const CTRL_HOLD_MS = 100;

/**
 * Windows has no AltGr of its own: it sends a fake ControlLeft keydown and then AltRight, both
 * at the same moment, and the fake Ctrl's keyup together with AltRight's. A Linux guest would
 * take that for Ctrl+AltGr, so a ControlLeft keydown is held back until the next event shows
 * what it was, as noVNC's core/input/keyboard.js does (_altGrArmed): AltRight within
 * ALTGR_GAP_MS means the Ctrl was fake and is dropped; anything else, or CTRL_HOLD_MS of
 * nothing, means a real Ctrl, pressed before that next event. Like noVNC it cannot tell a real
 * left Ctrl pressed within ALTGR_GAP_MS before AltGr.
 */
export class WindowsAltGr {
  private since: number | null = null;
  private cancel: () => void = () => undefined;

  /** expire presses the held-back Ctrl when nothing followed it in time. */
  constructor(private readonly schedule: Schedule, private readonly expire: () => void) {}

  get holding(): boolean {
    return this.since !== null;
  }

  /** Holds back a ControlLeft keydown of this timeStamp. */
  hold(timeStamp: number): void {
    this.drop();
    this.since = timeStamp;
    this.cancel = this.schedule(() => {
      this.since = null;
      this.expire();
    }, CTRL_HOLD_MS);
  }

  /** Ends the hold at the next key event: true when it was Windows's fake Ctrl, false when a real one. */
  settle(code: string, down: boolean, timeStamp: number): boolean {
    const since = this.since;
    this.drop();
    return since !== null && down && code === "AltRight" && timeStamp - since < ALTGR_GAP_MS;
  }

  /** Forgets a held-back Ctrl without pressing it. */
  drop(): void {
    this.since = null;
    this.cancel();
    this.cancel = () => undefined;
  }
}
