// Drives one image's display workloads (workloads.mjs) through headless Chromium against
// Ventana's viewer and noVNC on the same guest, and adds the raw measurements to a JSON file
// (results.images[<image>]). Started by run.sh once per image, which sets up the guest, the
// farm and websockify.
//
// Per round and viewer, in a fresh browser context: connect (open the viewer, wait for the
// screen to be painted and settle), then the image's workloads. Around each: the WebSocket
// payload bytes the page received (Playwright's framereceived), the bytes on the wire each way
// (a counting TCP proxy, wireproxy.mjs, between Chromium and each viewer's server), and the
// CPU-seconds of Ventana's server and session host, of websockify and of the guest's QEMU.
// Once per image, before the rounds: the guest's own echo through QMP (guest-echo.mjs).

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IMAGES, percentile } from "./workloads.mjs";
import { startWireProxy, cpuMeter } from "./meters.mjs";
import { guestEcho } from "./guest-echo.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage() {
  console.error(`usage: node bench.mjs --out results.json --image tiny|office [--rounds 3] [--chars 200] [--idle 60]
    [--scroll-cmd 'ls -la /bin /sbin /lib'] [--scrolls 3] [--drags 3] [--picture SECONDS] [--echo-keys 30]
    [--shots DIR] [--ventana BASE_URL,USER,PASSWORD,SESSION_ID] [--novnc URL]
    [--pids-ventana PID,PID] [--pid-qemu PID] [--pid-websockify PID] [--qmp SOCKET]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = { image: "tiny", scrolls: 3, drags: 3, picture: 0, echoKeys: 30, shots: null, rounds: 3, chars: 200, idle: 60,
  scrollCmd: "ls -la /bin /sbin /lib", out: null, targets: [], pids: { ventana: [], qemu: [], websockify: [] }, qmp: null };
const pidList = (s) => s.split(",").filter(Boolean).map(Number);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const v = () => { if (i + 1 >= args.length) usage(); return args[++i]; };
  if (a === "--rounds") opt.rounds = Number(v());
  else if (a === "--image") opt.image = v();
  else if (a === "--chars") opt.chars = Number(v());
  else if (a === "--idle") opt.idle = Number(v());
  else if (a === "--scroll-cmd") opt.scrollCmd = v();
  else if (a === "--scrolls") opt.scrolls = Number(v());
  else if (a === "--drags") opt.drags = Number(v());
  else if (a === "--picture") opt.picture = Number(v());
  else if (a === "--echo-keys") opt.echoKeys = Number(v());
  else if (a === "--out") opt.out = v();
  else if (a === "--shots") opt.shots = v();
  else if (a === "--qmp") opt.qmp = v();
  else if (a === "--pids-ventana") opt.pids.ventana = pidList(v());
  else if (a === "--pid-qemu") opt.pids.qemu = pidList(v());
  else if (a === "--pid-websockify") opt.pids.websockify = pidList(v());
  else if (a === "--ventana") {
    const [base, user, password, session] = v().split(",");
    opt.targets.push({ name: "ventana", base, user, password, session });
  } else if (a === "--novnc") opt.targets.push({ name: "novnc", url: v() });
  else usage();
}
const image = IMAGES[opt.image];
if (!opt.out || opt.targets.length === 0 || !image) usage();
opt.pictureSecs = opt.picture;

const probe = fs.readFileSync(path.join(here, "probe.js"), "utf8");
const log = (...m) => console.error(new Date().toISOString().slice(11, 19), `[${opt.image}]`, ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DISPLAY_SOCKET = { ventana: /\/ws\/display\?/, novnc: /\/websockify/ };

const cpu = cpuMeter({ ventana: { pids: opt.pids.ventana }, qemu: { pids: opt.pids.qemu },
  websockify: { pids: opt.pids.websockify, tree: true } });

// Every target is reached through its own counting proxy: its URLs get the proxy's port.
for (const t of opt.targets) {
  const u = new URL(t.name === "ventana" ? t.base : t.url);
  t.wire = await startWireProxy(Number(u.port), DISPLAY_SOCKET[t.name]);
  u.port = String(t.wire.port);
  if (t.name === "ventana") t.base = u.origin;
  else { if (u.searchParams.has("port")) u.searchParams.set("port", String(t.wire.port)); t.url = u.toString(); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});

function newTraffic() { return { bytes: 0, messages: 0, sockets: [], byType: {} }; }
const snapshot = (traffic) => JSON.parse(JSON.stringify(traffic.byType));
function typesSince(traffic, before) {
  const out = {};
  for (const [t, e] of Object.entries(traffic.byType)) {
    const b = before[t] ?? { messages: 0, bytes: 0 };
    if (e.messages > b.messages) out[t] = { messages: e.messages - b.messages, bytes: e.bytes - b.bytes };
  }
  return out;
}

/** Runs fn and adds what it cost: payload bytes and messages (by type for Ventana), wire bytes, CPU. */
async function meter(target, traffic, fn) {
  const p0 = traffic.bytes, m0 = traffic.messages, ty0 = snapshot(traffic);
  const w0 = await target.wire.counters(), c0 = cpu.sample(), t0 = Date.now();
  const r = await fn();
  const w1 = await target.wire.counters();
  return { ...r, seconds: (Date.now() - t0) / 1000, bytes: traffic.bytes - p0, messages: traffic.messages - m0,
    byType: typesSince(traffic, ty0), cpu: cpu.since(c0),
    wire: { down: w1.display.down - w0.display.down, up: w1.display.up - w0.display.up,
      allDown: w1.all.down - w0.all.down, allUp: w1.all.up - w0.all.up, extensions: w1.display.extensions } };
}

/** Opens the target's viewer in a fresh context, counting its display socket's payloads into traffic. */
async function open(target, traffic) {
  const ctx = await browser.newContext({ viewport: image.viewport });
  await ctx.addInitScript({ content: probe });
  const page = await ctx.newPage();
  page.on("websocket", (ws) => {
    if (!DISPLAY_SOCKET[target.name].test(ws.url())) return; // not the portal's other sockets
    traffic.sockets.push(ws.url().replace(/ticket=[^&]+/, "ticket=…"));
    ws.on("framereceived", (f) => {
      const n = typeof f.payload === "string" ? Buffer.byteLength(f.payload) : f.payload.length;
      traffic.bytes += n;
      traffic.messages++;
      // Ventana: one protocol message per WebSocket message, its type in the first byte.
      if (target.name === "ventana" && typeof f.payload !== "string" && n > 0) {
        const t = "0x" + f.payload[0].toString(16).padStart(2, "0");
        const e = (traffic.byType[t] ??= { messages: 0, bytes: 0 });
        e.messages++; e.bytes += n;
      }
    });
  });
  let selector;
  if (target.name === "ventana") {
    // The viewer's ticket calls use the portal's session cookie: sign in through /login first.
    await page.goto(`${target.base}/login`);
    await page.fill("input[name='username']", target.user);
    await page.fill("input[name='password']", target.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60000 }),
      page.press("input[name='password']", "Enter"),
    ]);
    // Actual size, as noVNC's default: neither viewer scales the picture.
    await page.goto(`${target.base}/viewer/viewer.html?session=${encodeURIComponent(target.session)}&scale=1:1`);
    selector = "#screen";
  } else {
    await page.goto(target.url);
    selector = "#screen canvas";
  }
  await page.waitForFunction(([s, mask, bottom]) => {
    window.__bench.setCanvas(s);
    window.__bench.setTextCursorMask(mask);
    window.__region = () => { const [w, h] = window.__bench.size(); return [0, 0, w, h - bottom]; };
    return window.__bench.ready();
  }, [selector, image.textCursor, image.bottom], { timeout: 60000 });
  return { page, ctx };
}

/** Waits until the desktop is up and its region stays unchanged for quietMs. */
async function settle(page, quietMs = 1500, maxMs = 60000) {
  await image.ready(page);
  await page.evaluate(([q, m]) => window.__bench.untilQuiet(...window.__region(), q, m), [quietMs, maxMs]);
}

async function shot(page, name) {
  if (opt.shots) await page.screenshot({ path: path.join(opt.shots, `${opt.image}-${name}`) });
}

/** Waits, through the first target, until the guest has booted to its desktop and gone quiet. */
async function warmUp(target) {
  log(`warm-up: waiting for the guest's desktop through ${target.name}`);
  const { page, ctx } = await open(target, newTraffic());
  try {
    await settle(page, 5000, 300000);
    await shot(page, "warm-up.png");
  } finally {
    await ctx.close();
    await sleep(3000);
  }
}

const fmt = (x, d = 1) => (x === null || x === undefined ? "–" : x.toFixed(d));
const cpuText = (c) => `CPU-s ventana ${fmt(c.ventana, 2)}, websockify ${fmt(c.websockify, 2)}, qemu ${fmt(c.qemu, 2)}`;

async function runOne(target, round) {
  const tag = `round ${round + 1}: ${target.name}`;
  log(`${tag}: connecting`);
  const traffic = newTraffic();
  let page, ctx;
  const connect = await meter(target, traffic, async () => {
    ({ page, ctx } = await open(target, traffic));
    await settle(page);
    return { sockets: traffic.sockets };
  });
  const run = { target: target.name, round: round + 1, connect };
  try {
    log(`  connect: ${connect.bytes} payload bytes, ${connect.wire.down} on the wire; ${cpuText(connect.cpu)}`);
    await page.evaluate(() => document.querySelector("#screen canvas, canvas#screen").focus());
    for (const w of image.workloads(opt)) {
      if (w.before) await w.before(page);
      if (w.prepare) await w.prepare(page);
      log(`${tag}: ${w.name}${w.index !== undefined ? ` ${w.index + 1}` : ""}`);
      const r = await meter(target, traffic, () => w.run(page));
      if (w.index !== undefined) (run[w.name] ??= []).push(r); else run[w.name] = r;
      const lat = r.latencies ? `; key -> canvas median ${fmt(percentile(r.latencies, 50))} ms, p95 ${fmt(percentile(r.latencies, 95))} ms, ${r.timeouts} unseen` : "";
      log(`  ${r.bytes} payload bytes, ${r.wire.down} down / ${r.wire.up} up on the wire; ${cpuText(r.cpu)}${lat}`);
      await shot(page, `${target.name}-r${round + 1}-${w.name}${w.index ?? ""}.png`);
    }
    return run;
  } finally {
    await ctx.close();
    await sleep(3000); // let the closed viewer's connection to the guest go away
  }
}

const started = new Date().toISOString();
const results = { started, image: opt.image, options: { ...opt, targets: undefined, shots: undefined, out: undefined },
  targets: opt.targets.map((t) => t.name), browser: `Chromium ${browser.version()} (headless)`,
  node: process.version, cpus: os.cpus().length, loadavgAtStart: os.loadavg(), cpuGroups: cpu.groups, runs: [] };
function save() {
  const all = fs.existsSync(opt.out) ? JSON.parse(fs.readFileSync(opt.out, "utf8")) : { started, images: {} };
  all.images[opt.image] = results;
  fs.writeFileSync(opt.out, JSON.stringify(all, null, 2));
}
try {
  if (opt.shots) fs.mkdirSync(opt.shots, { recursive: true });
  await warmUp(opt.targets[opt.targets.length - 1]);
  if (opt.qmp) {
    log(`guest echo: ${opt.echoKeys} keys through QMP send-key, screendump until the framebuffer changes`);
    try {
      results.echo = await guestEcho(opt.qmp, { keys: opt.echoKeys, ...image.echo });
      log(`  median ${fmt(results.echo.medianMs)} ms (a screendump takes ${fmt(results.echo.dumpMedianMs)} ms), ${results.echo.unseen} unseen`);
    } catch (e) {
      results.echo = { error: String(e.message || e) };
      log(`  failed: ${e.message}`);
    }
    save();
  }
  for (let r = 0; r < opt.rounds; r++) {
    // Alternate the order so that neither viewer always runs on a warmer (or busier) machine.
    const order = r % 2 === 0 ? opt.targets : [...opt.targets].reverse();
    for (const t of order) {
      results.runs.push(await runOne(t, r));
      save();
    }
  }
} finally {
  results.finished = new Date().toISOString();
  results.loadavgAtEnd = os.loadavg();
  save();
  await browser.close();
  for (const t of opt.targets) t.wire?.close();
}
