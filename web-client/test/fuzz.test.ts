// Hostile bytes from a host (docs/benchmarks.md, "Hostile bytes: fuzz runs"): whatever arrives, the
// viewer's decoder answers a message or throws its ProtocolError, nothing else, and quickly.
// FUZZ_INPUTS sets the number of inputs (20,000 by default, for `npm test`; bench/fuzz/run.sh
// asks for a million) and FUZZ_SEED the generator's seed, printed with any failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProtocolError, decodeHostMessage } from "../src/protocol.js";
import type { ScreenSize } from "../src/protocol.js";
import { HostileBytes, seededRandom } from "./hostile-bytes.js";
import { hex, load, toHex } from "./vectors.js";

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/** No message may take this long; a synchronous loop cannot be interrupted, so run.sh's `timeout` guards hangs. */
const SLOW_MS = 1000;

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const file of ["host-to-browser.json", "invalid-host-to-browser.json", "batches.json"]) {
    for (const v of load(file).vectors) {
      if (typeof v.hex === "string") out.push(hex(v.hex));
      if (Array.isArray(v.parts)) for (const p of v.parts) out.push(hex(p as string));
    }
  }
  for (const v of load("pictures.json").vectors) for (const m of v.messages as string[]) out.push(hex(m));
  const notice = JSON.stringify({ id: "ends", kind: "SESSION_ENDING", level: "warning", text: "Ends in 5 minutes", secondsLeft: 300, actions: ["EXTEND"] });
  out.push(Uint8Array.from([0x20, ...new TextEncoder().encode(notice)]));
  out.push(hex("07 07 0780 04b0 00040000")); // SETTINGS
  out.push(Uint8Array.from([0x06, ...new TextEncoder().encode("grüße 世界 🙂")])); // CLIPBOARD
  return out;
}

/** Decodes as the viewer does, before its HELLO (null) and after it; anything but a ProtocolError fails. */
function decodeOrRefuse(bytes: Uint8Array, screen: ScreenSize | null, seed: number, n: number): boolean {
  const started = performance.now();
  let decoded = false;
  try {
    assert.ok(decodeHostMessage(bytes, screen));
    decoded = true;
  } catch (e) {
    if (!(e instanceof ProtocolError)) {
      assert.fail(`input ${n} (FUZZ_SEED=${seed}) ${toHex(bytes)} threw ${String(e)}`);
    }
  }
  const took = performance.now() - started;
  if (took > SLOW_MS) assert.fail(`input ${n} (FUZZ_SEED=${seed}) ${toHex(bytes.subarray(0, 256))} took ${took} ms`);
  return decoded;
}

function run(kind: string, next: (h: HostileBytes) => Uint8Array): void {
  const h = new HostileBytes(seeds(), seededRandom(SEED), 64 * 1024);
  const screen = load("host-to-browser.json").screen!;
  const started = performance.now();
  let decoded = 0;
  for (let n = 0; n < INPUTS; n++) {
    const bytes = next(h);
    decodeOrRefuse(bytes, null, SEED, n);
    if (decodeOrRefuse(bytes, { width: screen[0], height: screen[1] }, SEED, n)) decoded++;
  }
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  // Memory stays bounded: a decoded message refers to its input, it never grows beyond it.
  assert.ok(heapMb < 512, `heap of ${heapMb} MB after ${INPUTS} inputs`);
  if (process.env.FUZZ_REPORT) {
    console.log(`fuzz viewer-decoder ${kind} inputs=${INPUTS} decoded=${decoded} seconds=${((performance.now() - started) / 1000).toFixed(1)}`);
  }
}

test(`hostile bytes: ${INPUTS} random messages are decoded or refused`, () => run("random", (h) => h.randomBytes(64)));

test(`hostile bytes: ${INPUTS} mutated vectors are decoded or refused`, () => run("mutated", (h) => h.mutated()));
