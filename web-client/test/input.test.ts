import { test } from "node:test";
import assert from "node:assert/strict";
import { PointerTracker, WheelAccumulator, protocolButtons, toScreen } from "../src/mouse.js";
import { HeldKeys, ctrlAltDel } from "../src/keyboard.js";
import { encodeBrowserMessage } from "../src/protocol.js";
import { scaleFor } from "../src/display.js";
import { toHex } from "./vectors.js";

test("positions map through the scaling to screen pixels", () => {
  const box = { left: 10, top: 20, width: 360, height: 200 }; // a 720x400 screen shown at half size
  assert.deepEqual(toScreen(10, 20, box, 720, 400), { x: 0, y: 0 });
  assert.deepEqual(toScreen(190, 120, box, 720, 400), { x: 360, y: 200 });
  assert.deepEqual(toScreen(369.9, 219.9, box, 720, 400), { x: 719, y: 399 });
  assert.deepEqual(toScreen(500, -5, box, 720, 400), { x: 719, y: 0 }, "clamped to the screen");
});

test("fit scales to the box keeping the shape; 1:1 does not scale", () => {
  assert.equal(scaleFor("fit", 720, 400, 1440, 1000), 2);
  assert.equal(scaleFor("fit", 1024, 768, 512, 768), 0.5);
  assert.equal(scaleFor("1:1", 1024, 768, 512, 384), 1);
});

test("DOM buttons become the RFB order", () => {
  assert.equal(protocolButtons(1), 1, "left");
  assert.equal(protocolButtons(2), 4, "right");
  assert.equal(protocolButtons(4), 2, "middle");
  assert.equal(protocolButtons(8 | 16), 8 | 16, "back and forward");
  assert.equal(protocolButtons(7), 7);
});

test("the wheel sends whole notches and keeps the remainder", () => {
  const wheel = new WheelAccumulator();
  assert.equal(wheel.add(0, 60, 0), null);
  assert.deepEqual(wheel.add(0, 60, 0), { type: "WHEEL", dx: 0, dy: 1 });
  assert.deepEqual(wheel.add(0, -3, 1), { type: "WHEEL", dx: 0, dy: -1 }, "3 lines");
  assert.deepEqual(wheel.add(5000, 0, 0), { type: "WHEEL", dx: 16, dy: 0 }, "clamped");
});

test("a still pointer sends nothing", () => {
  const tracker = new PointerTracker();
  assert.deepEqual(tracker.update(1, 2, 0), { type: "POINTER", x: 1, y: 2, buttons: 0 });
  assert.equal(tracker.update(1, 2, 0), null);
  assert.deepEqual(tracker.update(1, 2, 1), { type: "POINTER", x: 1, y: 2, buttons: 1 });
});

test("held keys are released when focus goes, newest first", () => {
  const keys = new HeldKeys();
  keys.event("ControlLeft", true);
  keys.event("ShiftLeft", true);
  keys.event("KeyA", true);
  keys.event("KeyA", false);
  assert.deepEqual(keys.releaseAll(), [
    { type: "KEY", down: false, code: 0x2a },
    { type: "KEY", down: false, code: 0x1d },
  ]);
  assert.deepEqual(keys.releaseAll(), []);
  assert.equal(keys.event("KeyB", false), null, "a release of a key never pressed here is not sent");
  assert.equal(keys.event("Fn", true), null);
});

test("Ctrl+Alt+Del is six key messages", () => {
  assert.deepEqual(ctrlAltDel().map((m) => toHex(encodeBrowserMessage(m))),
    ["8201001d", "82010038", "8201e053", "8200e053", "82000038", "8200001d"]);
});
