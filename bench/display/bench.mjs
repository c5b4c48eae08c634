// Drives the display workloads through headless Chromium against one or more viewers of the
// same guest and writes the raw measurements as JSON. Started by run.sh, which sets up the
// guest, the farm and websockify; usable alone for one viewer (see usage()).
//
// Per round and viewer, in a fresh browser context:
//   connect  open the viewer, wait for the guest's screen to be painted and settle
//   typing   type N characters at the shell prompt, one at a time; for each, the time from
//            keydown to the first frame in which the prompt lines on the canvas changed
//   scroll   type a command producing a long listing (not measured), press Enter (measured):
//            first change on screen, and the last change before the screen settles; SCROLLS times
//   idle     the prompt, nobody typing, for IDLE seconds
// Bytes are WebSocket frame payloads received by the page (Playwright's framereceived).

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage() {
  console.error(`usage: node bench.mjs --out results.json [--rounds 3] [--chars 200] [--idle 60]
    [--scroll-cmd 'ls -la /bin /sbin /lib'] [--scrolls 3] [--shots DIR] [--ventana BASE_URL,USER,PASSWORD,SESSION_ID] [--novnc URL]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = { scrolls: 3, shots: null, rounds: 3, chars: 200, idle: 60, scrollCmd: "ls -la /bin /sbin /lib", out: null, targets: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const v = () => { if (i + 1 >= args.length) usage(); return args[++i]; };
  if (a === "--rounds") opt.rounds = Number(v());
  else if (a === "--chars") opt.chars = Number(v());
  else if (a === "--idle") opt.idle = Number(v());
  else if (a === "--scroll-cmd") opt.scrollCmd = v();
  else if (a === "--out") opt.out = v();
  else if (a === "--shots") opt.shots = v();
  else if (a === "--scrolls") opt.scrolls = Number(v());
  else if (a === "--ventana") {
    const [base, user, password, session] = v().split(",");
    opt.targets.push({ name: "ventana", base, user, password, session });
  } else if (a === "--novnc") opt.targets.push({ name: "novnc", url: v() });
  else usage();
}
if (!opt.out || opt.targets.length === 0) usage();

const TEXT_ROW = 16; // VGA text mode: 9x16 cells
const CHARSET = "abcdefghijklmnopqrstuvwxyz0123456789"; // every key visibly changes the line
const probe = fs.readFileSync(path.join(here, "probe.js"), "utf8");
const log = (...m) => console.error(new Date().toISOString().slice(11, 19), ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});

function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1); // linear interpolation between closest ranks
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

/** Opens the target's viewer in a fresh context; returns { page, ctx, traffic }. */
async function open(target) {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  await ctx.addInitScript({ content: probe });
  const page = await ctx.newPage();
  // Only the display's WebSocket counts (the portal's sign-in page is not the viewer).
  const displaySocket = target.name === "ventana" ? /\/ws\/display\?/ : /\/websockify$/;
  const traffic = { bytes: 0, messages: 0, sockets: [], byType: {} };
  page.on("websocket", (ws) => {
    if (!displaySocket.test(ws.url())) return;
    traffic.sockets.push(ws.url().replace(/ticket=[^&]+/, "ticket=…"));
    ws.on("framereceived", (f) => {
      const n = typeof f.payload === "string" ? Buffer.byteLength(f.payload) : f.payload.length;
      traffic.bytes += n;
      traffic.messages++;
      // Ventana: one protocol message per WebSocket message, its type in the first byte.
      // (noVNC's RFB stream is cut into WebSocket messages without regard to RFB messages.)
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
    // Actual size, as noVNC's default: neither viewer scales the 720x400 picture.
    await page.goto(`${target.base}/viewer/viewer.html?session=${encodeURIComponent(target.session)}&scale=1:1`);
    selector = "#screen";
  } else {
    await page.goto(target.url);
    selector = "#screen canvas";
  }
  await page.waitForFunction((s) => { window.__bench.setCanvas(s); return window.__bench.ready(); }, selector,
    { timeout: 60000 });
  return { page, ctx, traffic };
}

/** Waits until the canvas shows text and then stays unchanged (the cursor aside) for quietMs. */
async function settle(page, quietMs = 1500, maxMs = 60000) {
  await page.waitForFunction(() => window.__bench.litPixels() > 200, null, { timeout: maxMs, polling: 100 });
  await page.evaluate(([quietMs, maxMs]) => {
    const [w, h] = window.__bench.size();
    return window.__bench.untilQuiet(0, 0, w, h, quietMs, maxMs);
  }, [quietMs, maxMs]);
}

async function typeUnmeasured(page, text) {
  for (const ch of text) {
    await page.keyboard.press(ch === "\n" ? "Enter" : ch === " " ? "Space" : ch);
    await sleep(40);
  }
}

/** Clears the console: a fresh prompt on the top row. */
async function clearScreen(page) {
  await page.keyboard.press("Control+c");
  await sleep(200);
  await typeUnmeasured(page, "clear\n");
  await sleep(1000);
}

/** Bytes per message type since the snapshot `before` (Ventana only). */
function typesSince(traffic, before) {
  const out = {};
  for (const [t, e] of Object.entries(traffic.byType)) {
    const b = before[t] ?? { messages: 0, bytes: 0 };
    if (e.messages > b.messages) out[t] = { messages: e.messages - b.messages, bytes: e.bytes - b.bytes };
  }
  return out;
}
const snapshot = (traffic) => JSON.parse(JSON.stringify(traffic.byType));

async function typing(page, traffic, n) {
  const [w] = await page.evaluate(() => window.__bench.size());
  const lines = Math.ceil((n + 12) / 80) + 1; // the prompt row and the rows the text wraps into
  const latencies = [], sent = [], received = [];
  let timeouts = 0;
  const b0 = traffic.bytes, m0 = traffic.messages, ty0 = snapshot(traffic);
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const ch = CHARSET[i % CHARSET.length];
    await page.evaluate(([w, h]) => { window.__p = window.__bench.arm(0, 0, w, h, 3000); }, [w, lines * TEXT_ROW]);
    await page.keyboard.press(ch);
    const r = await page.evaluate(() => window.__p);
    if (r.timeout) timeouts++; else { latencies.push(r.latencyMs); sent.push(r.sentMs); received.push(r.receivedMs); }
    await sleep(100 + Math.random() * 50); // a fast typist; the jitter avoids locking onto a refresh timer
  }
  await sleep(1000); // trailing updates belong to the workload
  return {
    bytes: traffic.bytes - b0, messages: traffic.messages - m0, seconds: (Date.now() - t0) / 1000,
    latencies, sent, received, timeouts, byType: typesSince(traffic, ty0),
  };
}

async function scroll(page, traffic, cmd) {
  const [w, h] = await page.evaluate(() => window.__bench.size());
  await typeUnmeasured(page, cmd);
  await sleep(1000);
  const b0 = traffic.bytes, m0 = traffic.messages, ty0 = snapshot(traffic);
  await page.evaluate(([w, h]) => {
    window.__p = window.__bench.arm(0, 0, w, h, 10000);
    window.__q = window.__bench.untilQuiet(0, 0, w, h, 3000, 120000);
  }, [w, h]);
  await page.keyboard.press("Enter");
  const first = await page.evaluate(() => window.__p);
  const done = await page.evaluate(() => window.__q);
  return {
    bytes: traffic.bytes - b0, messages: traffic.messages - m0,
    firstChangeMs: first.timeout ? null : first.latencyMs,
    lastChangeMs: done.lastChangeMs, lastChangeReceivedMs: done.lastChangeReceivedMs, changes: done.changes, timedOut: done.timedOut,
    byType: typesSince(traffic, ty0),
  };
}

async function idle(page, traffic, seconds) {
  const b0 = traffic.bytes, m0 = traffic.messages, ty0 = snapshot(traffic);
  await sleep(seconds * 1000);
  return { bytes: traffic.bytes - b0, messages: traffic.messages - m0, seconds, byType: typesSince(traffic, ty0) };
}

async function shot(page, name) {
  if (opt.shots) await page.screenshot({ path: path.join(opt.shots, name) });
}

/** Waits, through the first target, until the guest has booted to its prompt and gone quiet. */
async function warmUp(target) {
  log(`warm-up: waiting for the guest's prompt through ${target.name}`);
  const { page, ctx } = await open(target);
  try {
    await settle(page, 5000, 180000);
    await shot(page, "warm-up.png");
  } finally {
    await ctx.close();
    await sleep(3000);
  }
}

async function runOne(target, round) {
  log(`round ${round + 1}: ${target.name}: connecting`);
  const t0 = Date.now();
  const { page, ctx, traffic } = await open(target);
  try {
    await settle(page);
    const connect = { bytes: traffic.bytes, messages: traffic.messages, seconds: (Date.now() - t0) / 1000,
      sockets: traffic.sockets, byType: snapshot(traffic) };
    await page.evaluate(() => document.querySelector("#screen canvas, canvas#screen").focus());
    await clearScreen(page);
    log(`round ${round + 1}: ${target.name}: typing ${opt.chars} characters`);
    const t = await typing(page, traffic, opt.chars);
    log(`  median ${percentile(t.latencies, 50)?.toFixed(1)} ms, p95 ${percentile(t.latencies, 95)?.toFixed(1)} ms, ${t.bytes} bytes, ${t.timeouts} unseen`);
    const known = (xs) => xs.filter((x) => x !== null);
    log(`  key -> first sent ${percentile(known(t.sent), 50)?.toFixed(1)} ms, key -> last received before the change ${percentile(known(t.received), 50)?.toFixed(1)} ms (medians)`);
    await shot(page, `${target.name}-r${round + 1}-typed.png`);
    const scrolls = [];
    for (let k = 0; k < opt.scrolls; k++) {
      await clearScreen(page);
      log(`round ${round + 1}: ${target.name}: scroll ${k + 1}/${opt.scrolls}: ${opt.scrollCmd}`);
      const s = await scroll(page, traffic, opt.scrollCmd);
      log(`  first change ${s.firstChangeMs?.toFixed(1)} ms, settled after ${s.lastChangeMs?.toFixed(0)} ms (its last message ${s.lastChangeReceivedMs?.toFixed(0)} ms), ${s.bytes} bytes, ${s.changes} changes`);
      scrolls.push(s);
    }
    await shot(page, `${target.name}-r${round + 1}-scrolled.png`);
    await clearScreen(page);
    await sleep(2000);
    log(`round ${round + 1}: ${target.name}: idle ${opt.idle} s`);
    const i = await idle(page, traffic, opt.idle);
    log(`  ${i.bytes} bytes, ${i.messages} messages`);
    return { target: target.name, round: round + 1, connect, typing: t, scrolls, idle: i };
  } finally {
    await ctx.close();
    await sleep(3000); // let the closed viewer's connection to the guest go away
  }
}

const results = { started: new Date().toISOString(), options: { ...opt, targets: undefined, shots: undefined },
  targets: opt.targets.map((t) => t.name), browser: `Chromium ${browser.version()} (headless)`,
  node: process.version, cpus: os.cpus().length, loadavgAtStart: os.loadavg(), runs: [] };
try {
  if (opt.shots) fs.mkdirSync(opt.shots, { recursive: true });
  await warmUp(opt.targets[opt.targets.length - 1]);
  for (let r = 0; r < opt.rounds; r++) {
    // Alternate the order so that neither viewer always runs on a warmer (or busier) machine.
    const order = r % 2 === 0 ? opt.targets : [...opt.targets].reverse();
    for (const t of order) {
      results.runs.push(await runOne(t, r));
      fs.writeFileSync(opt.out, JSON.stringify(results, null, 2));
    }
  }
} finally {
  results.finished = new Date().toISOString();
  results.loadavgAtEnd = os.loadavg();
  fs.writeFileSync(opt.out, JSON.stringify(results, null, 2));
  await browser.close();
}
