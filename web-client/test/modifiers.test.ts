import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyboardInput } from "../src/keyboard.js";
import type { KeyEventLike } from "../src/keyboard.js";
import { CTRL_HOLD_MS, platformOf } from "../src/modifiers.js";
import type { ModifierFlags, Platform } from "../src/modifiers.js";
import { attachMouse } from "../src/mouse.js";
import type { BrowserMessage } from "../src/protocol.js";

// Scancodes written out, so the tests check src/keycodes.ts rather than repeat it.
const CTRL_L = 0x1d, CTRL_R = 0xe01d, ALT_R = 0xe038, SHIFT_L = 0x2a, META_L = 0xe05b, CAPS = 0x3a;
const Q = 0x10, C = 0x2e, A = 0x1e, E = 0x12, Z = 0x2c, META_R = 0xe05c;
const down = (code: number): BrowserMessage => ({ type: "KEY", down: true, code });
const up = (code: number): BrowserMessage => ({ type: "KEY", down: false, code });

interface Flags { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean; altGraph?: boolean }

function flags(f: Flags): ModifierFlags {
  return {
    ctrlKey: !!f.ctrl, shiftKey: !!f.shift, altKey: !!f.alt, metaKey: !!f.meta,
    getModifierState: (k: string) => k === "AltGraph" && !!f.altGraph,
  };
}

function keydown(code: string, timeStamp: number, f: Flags = {}): KeyEventLike {
  return { type: "keydown", code, timeStamp, ...flags(f) };
}

function keyup(code: string, timeStamp: number, f: Flags = {}): KeyEventLike {
  return { type: "keyup", code, timeStamp, ...flags(f) };
}

/** window.setTimeout without a clock: the test fires what is pending. */
class FakeTimers {
  private pending: { fn: () => void; ms: number }[] = [];

  readonly schedule = (fn: () => void, ms: number) => {
    const t = { fn, ms };
    this.pending.push(t);
    return () => { this.pending = this.pending.filter((p) => p !== t); };
  };

  get count(): number {
    return this.pending.length;
  }

  fire(): void {
    const due = this.pending;
    this.pending = [];
    for (const t of due) {
      assert.equal(t.ms, CTRL_HOLD_MS);
      t.fn();
    }
  }
}

function keyboard(platform: Platform) {
  const sent: BrowserMessage[] = [];
  const timers = new FakeTimers();
  const input = new KeyboardInput((m) => sent.push(m), platform, timers.schedule);
  /** The messages sent since the last call. */
  const take = () => sent.splice(0);
  return { input, timers, take };
}

test("the platform comes from userAgentData where offered, else navigator.platform", () => {
  assert.equal(platformOf({ platform: "Win32" }), "windows");
  assert.equal(platformOf({ platform: "MacIntel" }), "mac");
  assert.equal(platformOf({ platform: "iPad" }), "mac");
  assert.equal(platformOf({ platform: "Linux x86_64" }), "other");
  assert.equal(platformOf({ platform: "Linux x86_64", userAgentData: { platform: "Windows" } }), "windows");
  assert.equal(platformOf({ platform: "", userAgentData: { platform: "macOS" } }), "mac");
  assert.equal(platformOf({ userAgentData: { platform: "Chrome OS" } }), "other");
  assert.equal(platformOf({}), "other");
});

// Windows sends a fake ControlLeft right before AltRight, and on release the fake Ctrl's keyup
// before AltRight's (the order Keyman and Slint document); the second order guards a browser
// that delivers them the other way round. Chrome and Edge stamp both keydowns with the same
// Windows message time; the flags differ between browsers, Ctrl+Alt+AltGraph or AltGraph alone.
const ALTGR_VARIANTS: { name: string; gap: number; held: Flags; ctrlUpFirst: boolean }[] = [
  { name: "same timeStamp, flags Ctrl+Alt+AltGraph, Ctrl's keyup first", gap: 0, held: { ctrl: true, alt: true, altGraph: true }, ctrlUpFirst: true },
  { name: "3 ms apart, flag AltGraph alone, AltRight's keyup first", gap: 3, held: { altGraph: true }, ctrlUpFirst: false },
  { name: "49 ms apart, flags Ctrl+Alt, Ctrl's keyup first", gap: 49, held: { ctrl: true, alt: true }, ctrlUpFirst: true },
];

for (const v of ALTGR_VARIANTS) {
  test(`Windows AltGr+Q reaches the guest as AltGr+Q without Ctrl (${v.name})`, () => {
    const { input, timers, take } = keyboard("windows");
    input.key(keydown("ControlLeft", 1000, { ctrl: true }));
    assert.deepEqual(take(), [], "ControlLeft is held back");
    input.key(keydown("AltRight", 1000 + v.gap, v.held));
    assert.equal(timers.count, 0, "the hold is over");
    input.key(keydown("KeyQ", 1200, v.held));
    input.key(keyup("KeyQ", 1280, v.held));
    if (v.ctrlUpFirst) {
      input.key(keyup("ControlLeft", 1400, { alt: v.held.alt }));
      input.key(keyup("AltRight", 1400));
    } else {
      input.key(keyup("AltRight", 1400, { ctrl: v.held.ctrl }));
      input.key(keyup("ControlLeft", 1400));
    }
    assert.deepEqual(take(), [down(ALT_R), down(Q), up(Q), up(ALT_R)]);
    input.releaseAll();
    assert.deepEqual(take(), [], "nothing left held");
  });
}

test("Windows: AltGr held with key repeat sends each fake Ctrl again, and each is dropped", () => {
  const { input, timers, take } = keyboard("windows");
  const altGr = { ctrl: true, alt: true, altGraph: true };
  for (const t of [0, 500, 533]) {
    input.key(keydown("ControlLeft", t, t === 0 ? { ctrl: true } : altGr)); // repeats come with AltGr down
    input.key(keydown("AltRight", t, altGr));
  }
  assert.equal(timers.count, 0);
  assert.deepEqual(take(), [down(ALT_R), down(ALT_R), down(ALT_R)]);
});

test("Windows: Ctrl+C typed quickly sends Ctrl before C", () => {
  const { input, timers, take } = keyboard("windows");
  input.key(keydown("ControlLeft", 0, { ctrl: true }));
  input.key(keydown("KeyC", 30, { ctrl: true }));
  assert.equal(timers.count, 0, "the hold ended with C");
  input.key(keyup("KeyC", 90, { ctrl: true }));
  input.key(keyup("ControlLeft", 150));
  assert.deepEqual(take(), [down(CTRL_L), down(C), up(C), up(CTRL_L)]);
});

test("Windows: Ctrl held past the hold goes out when the timer runs out, then Ctrl+C as usual", () => {
  const { input, timers, take } = keyboard("windows");
  assert.equal(input.key(keydown("ControlLeft", 0, { ctrl: true })), true, "the browser must not act on it");
  assert.deepEqual(take(), []);
  timers.fire();
  assert.deepEqual(take(), [down(CTRL_L)]);
  input.key(keydown("KeyC", 400, { ctrl: true }));
  input.key(keyup("KeyC", 480, { ctrl: true }));
  input.key(keyup("ControlLeft", 600));
  assert.deepEqual(take(), [down(C), up(C), up(CTRL_L)]);
});

test("Windows: a lone Ctrl tap is a press and a release, whether its keyup or the timer comes first", () => {
  const quick = keyboard("windows");
  quick.input.key(keydown("ControlLeft", 0, { ctrl: true }));
  quick.input.key(keyup("ControlLeft", 60));
  assert.equal(quick.timers.count, 0);
  assert.deepEqual(quick.take(), [down(CTRL_L), up(CTRL_L)]);

  const slow = keyboard("windows");
  slow.input.key(keydown("ControlLeft", 0, { ctrl: true }));
  slow.timers.fire();
  slow.input.key(keyup("ControlLeft", 250));
  assert.deepEqual(slow.take(), [down(CTRL_L), up(CTRL_L)]);
});

test("Windows: a real Ctrl then AltRight more than 50 ms later is Ctrl+AltGr (noVNC's slow sequence)", () => {
  const { input, timers, take } = keyboard("windows");
  input.key(keydown("ControlLeft", 1000, { ctrl: true }));
  input.key(keydown("AltRight", 1060, { ctrl: true, alt: true, altGraph: true }));
  assert.equal(timers.count, 0);
  assert.deepEqual(take(), [down(CTRL_L), down(ALT_R)]);
});

test("Windows: the hold ends at any other event, held Ctrl repeats and ControlRight pass straight through", () => {
  const { input, timers, take } = keyboard("windows");
  input.key(keydown("KeyA", 0));
  input.key(keydown("ControlLeft", 10, { ctrl: true }));
  input.key(keyup("KeyA", 20, { ctrl: true }));
  assert.deepEqual(take(), [down(A), down(CTRL_L), up(A)], "a keyup settles it too (noVNC's order)");
  input.key(keydown("ControlLeft", 500, { ctrl: true }));
  input.key(keydown("ControlRight", 510, { ctrl: true }));
  assert.equal(timers.count, 0);
  assert.deepEqual(take(), [down(CTRL_L), down(CTRL_R)]);
});

test("Windows: focus lost while Ctrl is held back forgets it; nothing reached the guest", () => {
  const { input, timers, take } = keyboard("windows");
  input.key(keydown("ControlLeft", 0, { ctrl: true }));
  input.releaseAll();
  assert.equal(timers.count, 0);
  input.key(keyup("ControlLeft", 50));
  assert.deepEqual(take(), []);
});

test("Windows: a pointer event settles a held-back Ctrl, so Ctrl+click keeps its order", () => {
  const { input, timers, take } = keyboard("windows");
  input.key(keydown("ControlLeft", 0, { ctrl: true }));
  input.pointer(flags({ ctrl: true }));
  assert.equal(timers.count, 0);
  assert.deepEqual(take(), [down(CTRL_L)]);
});

test("Linux: AltGr is AltRight alone and passes through unchanged, and ControlLeft is not held back", () => {
  const { input, timers, take } = keyboard("other");
  // With a layout that has AltGr, Linux browsers report key "AltGraph", altKey false.
  input.key(keydown("AltRight", 0, { altGraph: true }));
  input.key(keydown("KeyQ", 100, { altGraph: true }));
  input.key(keyup("KeyQ", 180, { altGraph: true }));
  input.key(keyup("AltRight", 300));
  assert.deepEqual(take(), [down(ALT_R), down(Q), up(Q), up(ALT_R)]);
  input.key(keydown("ControlLeft", 400, { ctrl: true }));
  assert.equal(timers.count, 0);
  assert.deepEqual(take(), [down(CTRL_L)]);
});

test("a Shift released out of sight is released before the next key whose event says Shift is up", () => {
  const { input, take } = keyboard("other");
  input.key(keydown("ShiftLeft", 0, { shift: true }));
  input.key(keydown("KeyA", 5000));
  input.key(keyup("KeyA", 5080));
  assert.deepEqual(take(), [down(SHIFT_L), up(SHIFT_L), down(A), up(A)]);
  input.key(keyup("ShiftLeft", 6000));
  assert.deepEqual(take(), [], "a late keyup has nothing left to release");
});

test("a modifier's own keyup is released once, and a modifier still reported stays held", () => {
  const { input, take } = keyboard("other");
  input.key(keydown("ShiftLeft", 0, { shift: true }));
  input.key(keydown("KeyA", 10, { shift: true }));
  input.key(keyup("KeyA", 20, { shift: true }));
  input.key(keyup("ShiftLeft", 30));
  assert.deepEqual(take(), [down(SHIFT_L), down(A), up(A), up(SHIFT_L)]);
});

test("a Ctrl stuck in the guest is released by the next pointer event without Ctrl", () => {
  const { input, take } = keyboard("other");
  input.key(keydown("ControlLeft", 0, { ctrl: true }));
  input.pointer(flags({ ctrl: true }));
  assert.deepEqual(take(), [down(CTRL_L)], "still held");
  input.pointer(flags({}));
  assert.deepEqual(take(), [up(CTRL_L)]);
  input.pointer(flags({}));
  assert.deepEqual(take(), []);
});

test("a modifier whose own keydown lacked its flag is never released for a missing flag", () => {
  // Firefox before 118 reported the Windows key as code OSLeft, key "OS", with metaKey false.
  const { input, take } = keyboard("other");
  input.key(keydown("OSLeft", 0));
  input.key(keydown("KeyE", 50));
  input.pointer(flags({}));
  assert.deepEqual(take(), [down(META_L), down(E)]);
});

test("macOS: each CapsLock keydown or keyup is one whole press, so none stays held", () => {
  const { input, take } = keyboard("mac");
  assert.equal(input.key(keydown("CapsLock", 0)), true);
  assert.deepEqual(take(), [down(CAPS), up(CAPS)], "turned on: keydown only");
  input.key(keyup("CapsLock", 9000));
  assert.deepEqual(take(), [down(CAPS), up(CAPS)], "turned off: keyup only");
  input.releaseAll();
  assert.deepEqual(take(), []);

  const linux = keyboard("other");
  linux.input.key(keydown("CapsLock", 0));
  assert.deepEqual(linux.take(), [down(CAPS)], "elsewhere CapsLock has a real keyup");
});

// macOS: while Cmd is held, Safari and Chrome deliver no keyup for the other keys (noVNC #1695).
// Cmd's own keyup comes with metaKey false.
test("macOS: Cmd+C with no keyup for C is C pressed and released at once, and nothing stays held", () => {
  const { input, take } = keyboard("mac");
  input.key(keydown("MetaLeft", 0, { meta: true }));
  assert.equal(input.key(keydown("KeyC", 150, { meta: true })), true, "the browser must not copy too");
  assert.deepEqual(take(), [down(META_L), down(C), up(C)]);
  input.key(keyup("MetaLeft", 400));
  assert.deepEqual(take(), [up(META_L)]);
  input.releaseAll();
  assert.deepEqual(take(), [], "no C left to repeat in the guest");
});

test("macOS: C's auto-repeat while Cmd stays held is one whole press per keydown", () => {
  const { input, take } = keyboard("mac");
  input.key(keydown("MetaRight", 0, { meta: true }));
  for (const t of [100, 600, 633, 666]) input.key(keydown("KeyC", t, { meta: true }));
  input.key(keyup("MetaRight", 700));
  assert.deepEqual(take(), [down(META_R), down(C), up(C), down(C), up(C), down(C), up(C), down(C), up(C), up(META_R)]);
});

test("macOS: Cmd+Shift+Z keeps Shift held around Z, released by its own keyup, in either release order", () => {
  for (const shiftUpFirst of [true, false]) {
    const { input, take } = keyboard("mac");
    input.key(keydown("MetaLeft", 0, { meta: true }));
    input.key(keydown("ShiftLeft", 80, { meta: true, shift: true }));
    input.key(keydown("KeyZ", 160, { meta: true, shift: true }));
    assert.deepEqual(take(), [down(META_L), down(SHIFT_L), down(Z), up(Z)], "no keyup for Z follows");
    if (shiftUpFirst) {
      input.key(keyup("ShiftLeft", 300, { meta: true }));
      input.key(keyup("MetaLeft", 350));
      assert.deepEqual(take(), [up(SHIFT_L), up(META_L)]);
    } else {
      input.key(keyup("MetaLeft", 300, { shift: true }));
      input.key(keyup("ShiftLeft", 350));
      assert.deepEqual(take(), [up(META_L), up(SHIFT_L)]);
    }
    input.releaseAll();
    assert.deepEqual(take(), []);
  }
});

test("macOS: a browser that does send C's keyup under Cmd gets the same messages; the late keyup sends nothing", () => {
  const { input, take } = keyboard("mac");
  input.key(keydown("MetaLeft", 0, { meta: true }));
  input.key(keydown("KeyC", 150, { meta: true }));
  assert.equal(input.key(keyup("KeyC", 230, { meta: true })), false, "C is no longer held");
  input.key(keyup("MetaLeft", 400));
  assert.deepEqual(take(), [down(META_L), down(C), up(C), up(META_L)]);
  // After Cmd is released, a key is held again until its keyup.
  input.key(keydown("KeyC", 500));
  assert.deepEqual(take(), [down(C)]);
  input.key(keyup("KeyC", 580));
  assert.deepEqual(take(), [up(C)]);
});

test("Windows and Linux: Meta+C and Meta+Shift+Z are held until their keyups, as before", () => {
  for (const platform of ["windows", "other"] as const) {
    const { input, take } = keyboard(platform);
    input.key(keydown("MetaLeft", 0, { meta: true }));
    input.key(keydown("KeyC", 150, { meta: true }));
    assert.deepEqual(take(), [down(META_L), down(C)], `${platform}: C stays held`);
    input.key(keyup("KeyC", 230, { meta: true }));
    input.key(keydown("ShiftLeft", 300, { meta: true, shift: true }));
    input.key(keydown("KeyZ", 380, { meta: true, shift: true }));
    input.key(keyup("KeyZ", 450, { meta: true, shift: true }));
    input.key(keyup("ShiftLeft", 500, { meta: true }));
    input.key(keyup("MetaLeft", 600));
    assert.deepEqual(take(), [up(C), down(SHIFT_L), down(Z), up(Z), up(SHIFT_L), up(META_L)], platform);
  }
});

test("the mouse hands each pointer event to the keyboard before its own message", () => {
  const sent: BrowserMessage[] = [];
  const input = new KeyboardInput((m) => sent.push(m), "other", new FakeTimers().schedule);
  const listeners = new Map<string, (e: unknown) => void>();
  const canvas = {
    addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, fn),
    focus: () => undefined,
    setPointerCapture: () => undefined,
    getBoundingClientRect: () => ({ left: 0, top: 0, width: 100, height: 100 }),
  } as unknown as HTMLCanvasElement;
  attachMouse(canvas, () => ({ width: 100, height: 100 }), (m) => sent.push(m), (e) => input.pointer(e));
  input.key(keydown("ControlLeft", 0, { ctrl: true }));
  listeners.get("pointerdown")!({
    type: "pointerdown", pointerId: 1, clientX: 10, clientY: 20, buttons: 1, preventDefault: () => undefined, ...flags({}),
  });
  assert.deepEqual(sent, [down(CTRL_L), up(CTRL_L), { type: "POINTER", x: 10, y: 20, buttons: 1 }]);
});
