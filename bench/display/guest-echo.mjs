// The guest's own echo, with no viewer involved: a key sent through QMP (`send-key`), then QMP
// `screendump`s one after the other until the dumped framebuffer differs from the one before the
// key. The figure is the guest's part of key-to-canvas (its kernel, X server and terminal under
// TCG, and QEMU's display emulation), to within one dump (reported too).
//
// The session host holds the guest's own QMP socket, and QEMU serves one client per monitor:
// run.sh starts the session host with a qemu wrapper (qemu-bench-wrapper.sh) that adds a second
// monitor, bench-qmp.sock, in the guest's run directory.
//
//   node guest-echo.mjs QMP_SOCKET [--keys 30] [--ignore-bottom 60] [--text-cursor] [--click X,Y]

import net from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A QMP client: one JSON object per line, replies matched by id, events dropped. */
async function qmpConnect(socketPath) {
  const sock = net.connect(socketPath);
  sock.setNoDelay?.(true);
  const waiting = new Map();
  let greeting;
  const greeted = new Promise((r) => { greeting = r; });
  let buf = "", next = 0;
  sock.on("data", (d) => {
    buf += d.toString("utf8");
    for (let i; (i = buf.indexOf("\n")) >= 0;) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (!line) continue;
      const m = JSON.parse(line);
      if (m.QMP) greeting(m);
      else if (m.id !== undefined && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); }
    }
  });
  await new Promise((res, rej) => { sock.once("connect", res); sock.once("error", rej); });
  await Promise.race([greeted, sleep(10000).then(() => { throw new Error(`no QMP greeting on ${socketPath}`); })]);
  const execute = (command, args) => new Promise((res, rej) => {
    const id = ++next;
    waiting.set(id, (m) => (m.error ? rej(new Error(`${command}: ${m.error.desc}`)) : res(m.return)));
    sock.write(JSON.stringify({ execute: command, arguments: args, id }) + "\n");
  });
  await execute("qmp_capabilities");
  return { execute, close: () => sock.destroy() };
}

/** A PPM dump's pixels and size. */
function readPpm(file) {
  const b = fs.readFileSync(file);
  // "P6\n<w> <h>\n255\n" then RGB
  const header = b.subarray(0, 64).toString("latin1").match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error(`not a PPM: ${file}`);
  return { w: Number(header[1]), h: Number(header[2]), data: b.subarray(header[0].length) };
}

/** Whether two dumps differ outside the ignored rows. */
function differs(a, b, ignoreRow) {
  if (a.w !== b.w || a.h !== b.h) return true;
  const row = a.w * 3;
  for (let y = 0; y < a.h; y++) {
    if (ignoreRow(y, a.h)) continue;
    if (!a.data.subarray(y * row, (y + 1) * row).equals(b.data.subarray(y * row, (y + 1) * row))) return true;
  }
  return false;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : null; };

/**
 * Sends `keys` letters one at a time and times each to the first changed dump.
 * ignoreBottom: rows at the bottom not compared (the office taskbar's clock and CPU monitor);
 * textCursor: skip scanlines 13-14 of each 16-pixel text row (the VGA cursor blinks).
 * click: [x, y] in guest pixels to click first (focus the terminal), through the tablet.
 */
export async function guestEcho(socketPath, { keys = 30, ignoreBottom = 0, textCursor = false, click = null } = {}) {
  const qmp = await qmpConnect(socketPath);
  const dir = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "ventana-echo-"));
  const file = path.join(dir, "screen.ppm");
  const ignoreRow = (y, h) => y >= h - ignoreBottom || (textCursor && (y % 16 === 13 || y % 16 === 14));
  const dump = async () => { await qmp.execute("screendump", { filename: file }); return readPpm(file); };
  const key = (...qcodes) => qmp.execute("send-key", { keys: qcodes.map((q) => ({ type: "qcode", data: q })), "hold-time": 50 });
  const echoes = [], lower = [], dumpMs = [];
  let unseen = 0;
  try {
    if (click) {
      const first = await dump();
      const abs = (axis, v, size) => ({ type: "abs", data: { axis, value: Math.round((v * 32767) / (size - 1)) } });
      await qmp.execute("input-send-event", { events: [abs("x", click[0], first.w), abs("y", click[1], first.h)] });
      for (const down of [true, false]) {
        await qmp.execute("input-send-event", { events: [{ type: "btn", data: { down, button: "left" } }] });
        await sleep(50);
      }
      await sleep(500);
    }
    for (let i = 0; i < keys; i++) {
      const before = await dump();
      const t0 = performance.now();
      await key(String.fromCharCode(97 + (i % 26)));
      let seen = null, notYet = 0; // the change came after notYet, by seen
      while (performance.now() - t0 < 3000) {
        const d0 = performance.now();
        const now = await dump();
        dumpMs.push(performance.now() - d0);
        if (differs(before, now, ignoreRow)) { seen = performance.now() - t0; break; }
        notYet = d0 - t0; // this dump read the framebuffer after it started
      }
      if (seen === null) unseen++; else { echoes.push(+seen.toFixed(2)); lower.push(+notYet.toFixed(2)); }
      await sleep(150 + Math.random() * 100);
    }
    await key("ctrl", "u"); // the typed letters off the command line again
    await sleep(300);
  } finally {
    qmp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // echoes: from the key to the end of the first dump that shows it (an upper bound); lower: to
  // the start of the last dump that did not show it (its framebuffer was read after that).
  return { echoes, lower, unseen, medianMs: median(echoes), lowerMedianMs: median(lower),
    dumpMedianMs: median(dumpMs) && +median(dumpMs).toFixed(2) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const a = process.argv.slice(2);
  if (!a[0]) { console.error("usage: node guest-echo.mjs QMP_SOCKET [--keys 30] [--ignore-bottom 60] [--text-cursor] [--click X,Y]"); process.exit(2); }
  const o = { keys: 30 };
  for (let i = 1; i < a.length; i++) {
    if (a[i] === "--keys") o.keys = Number(a[++i]);
    else if (a[i] === "--ignore-bottom") o.ignoreBottom = Number(a[++i]);
    else if (a[i] === "--text-cursor") o.textCursor = true;
    else if (a[i] === "--click") o.click = a[++i].split(",").map(Number);
  }
  console.log(JSON.stringify(await guestEcho(a[0], o)));
}
