// Slow and hostile viewers (issue 14): does another user's viewer that reads slowly, never
// acknowledges a frame or floods input hurt a victim's session on the same host, and does memory
// stay bounded? Started by run.sh, which sets up the farm and two running tiny sessions, the
// victim's and the hostile user's.
//
// Per round, scenario after scenario: the victim's viewer (the real page, in headless Chromium,
// probe.js injected) types N keys, each timed key -> canvas, while the hostile user's session
// has one of the hostile viewers below; RSS of the server's and the session host's JVMs is read
// from /proc every second, their heap from their GC logs (and a collection forced at the end of each
// scenario: the live heap then). The hostile
// guest's screen is kept changing (a loop typed into its shell) from the "busy" scenario on.
//
//   alone     the hostile guest idle at its prompt, no viewer of it
//   busy      its loop running, no viewer (what the busy neighbour costs by itself)
//   slow      the real viewer page of it, behind a proxy that passes 10 kB/s down (wireproxy.mjs)
//   noack     a raw client (rawclient.mjs): HELLO, reads everything, never sends FRAME_ACK
//   pointers  a raw client that acknowledges frames and sends POINTER moves as fast as its socket takes them
//   keys      the same with KEY messages (Shift pressed and released: nothing typed)

// playwright-core is bench/display's (npm ci there), not a package of its own here.
import { chromium } from "../display/node_modules/playwright-core/index.mjs";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IMAGES, percentile } from "../display/workloads.mjs";
import { startWireProxy } from "../display/meters.mjs";
import { connect, msg, frameEnds, HOST_HELLO, SCANCODE, CTRL, SHIFT } from "./rawclient.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = { keys: 100, rounds: 2, rate: 10000, hold: 20, scenarios: "alone,busy,slow,noack,pointers,keys",
  loop: "while true; do ls -la /bin; done" };
for (let i = 0; i < args.length; i += 2) {
  const [k, v] = [args[i].replace(/^--/, ""), args[i + 1]];
  if (["keys", "rounds", "rate", "hold"].includes(k)) opt[k] = Number(v);
  else if (k === "victim" || k === "hostile") { const [user, password, session] = v.split(","); opt[k] = { user, password, session }; }
  else if (k === "pids") { const [server, host] = v.split(",").map(Number); opt.pids = { server, host }; }
  else if (k === "gc-logs") opt.gcLogs = v;
  else if (k === "jcmd") opt.jcmd = v;
  else opt[k] = v; // base, out, scenarios, loop, command, jars
}
if (!opt.base || !opt.victim || !opt.hostile || !opt.pids || !opt.out) {
  console.error("usage: node hostile.mjs --base URL --victim USER,PASSWORD,SESSION --hostile USER,PASSWORD,SESSION " +
    "--pids SERVER_PID,HOST_PID --out results.json [--gc-logs SERVER_GC_LOG,HOST_GC_LOG] [--keys 100] [--rounds 2] [--rate 10000] [--hold 20] [--scenarios LIST]");
  process.exit(2);
}
const tiny = IMAGES.tiny;
const probe = fs.readFileSync(path.join(here, "../display/probe.js"), "utf8");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...m) => console.error(new Date().toISOString().slice(11, 19), ...m);
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? "–" : x.toFixed(d));
// Records how the page's display sockets closed (the viewer reconnects by itself; we want the codes).
const closes = `(() => { const W = window.WebSocket; window.__closes = [];
  function C(...a) { const ws = new W(...a); ws.addEventListener("close", (e) => window.__closes.push({ code: e.code, reason: e.reason, at: Date.now() })); return ws; }
  C.prototype = W.prototype; for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) C[k] = W[k]; window.WebSocket = C; })();`;

// ---- the REST API ----
async function api(p, { method = "GET", token, body } = {}) {
  const r = await fetch(`${opt.base}/api/v1/${p}`, { method, headers: { "Content-Type": "application/json",
    ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
  return r.json();
}
const hostileToken = (await api("auth/token", { method: "POST", body: { username: opt.hostile.user, password: opt.hostile.password } })).token;
async function rawViewer() {
  const { ticket } = await api(`sessions/${opt.hostile.session}/tickets`, { method: "POST", token: hostileToken });
  const ws = opt.base.replace(/^http/, "ws");
  return connect(`${ws}/ws/display?ticket=${encodeURIComponent(ticket)}`, { origin: opt.base });
}

// ---- memory meters ----
function rssMiB(pid) {
  try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024; } catch { return null; }
}
/**
 * Heap from a JVM's GC log (-Xlog:gc with time stamps, run.sh) between from and to (ms since the
 * epoch): the most in use when a collection started, the most left after one, and what the last
 * System.gc() (forced through jcmd at the end of a scenario) left: the live heap then.
 */
function gcHeap(file, from, to) {
  const out = { beforeMax: null, afterMax: null, collections: 0, live: null };
  let text = "";
  try { text = fs.readFileSync(file, "utf8"); } catch { return out; }
  for (const line of text.split("\n")) {
    const m = /^\[([^\]]+)\].*GC\(\d+\) (?:Minor|Major) Collection \((.+?)\) (\d+)M\(\d+%\)->(\d+)M\(\d+%\)/.exec(line);
    if (!m) continue;
    const at = Date.parse(m[1].replace(/\+0000$/, "Z"));
    if (!(at >= from && at <= to)) continue;
    if (m[2] === "Diagnostic Command" || m[2] === "System.gc()") { out.live = Number(m[4]); continue; } // jcmd GC.run
    out.collections++;
    out.beforeMax = Math.max(out.beforeMax ?? 0, Number(m[3]));
    out.afterMax = Math.max(out.afterMax ?? 0, Number(m[4]));
  }
  return out;
}
const forceGc = (pid) => new Promise((resolve) =>
  execFile(opt.jcmd || "jcmd", [String(pid), "GC.run"], { timeout: 30000 }, () => resolve()));
/** Samples RSS every second until stop(); stop() gives the samples and the GC logs' heap figures. */
function sampler() {
  const s = { serverRss: [], hostRss: [] };
  const from = Date.now();
  const t = setInterval(() => {
    s.serverRss.push(rssMiB(opt.pids.server));
    s.hostRss.push(rssMiB(opt.pids.host));
  }, 1000);
  return {
    /** Forces a collection in both JVMs (the hostile viewer still connected): the live heap then. */
    async collect() { await Promise.all([forceGc(opt.pids.server), forceGc(opt.pids.host)]); await sleep(500); },
    stop() {
      clearInterval(t);
      const [serverGc, hostGc] = (opt.gcLogs || ",").split(",");
      return { samples: s, heap: { server: gcHeap(serverGc, from, Date.now()), host: gcHeap(hostGc, from, Date.now()) } };
    },
  };
}
const stats = (xs) => { const v = xs.filter((x) => x !== null); return { max: v.length ? Math.max(...v) : null, median: percentile(v, 50), n: v.length }; };

// ---- the browser ----
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"] });
/** Signs USER in at base and opens the viewer of SESSION; resolves once its canvas is ready. */
async function openViewer(base, who) {
  const ctx = await browser.newContext({ viewport: tiny.viewport });
  await ctx.addInitScript({ content: probe });
  await ctx.addInitScript({ content: closes });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.fill("input[name='username']", who.user);
  await page.fill("input[name='password']", who.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60000 }),
    page.press("input[name='password']", "Enter")]);
  await page.goto(`${base}/viewer/viewer.html?session=${encodeURIComponent(who.session)}&scale=1:1`);
  await page.waitForFunction(([mask]) => {
    window.__bench.setCanvas("#screen");
    window.__bench.setTextCursorMask(mask);
    window.__region = () => { const [w, h] = window.__bench.size(); return [0, 0, w, h]; };
    return window.__bench.ready();
  }, [tiny.textCursor], { timeout: 120000 });
  return { ctx, page };
}

// ---- typing into the hostile guest (its loop) ----
async function typeIntoHostile(text, { ctrlC = false } = {}) {
  const c = await rawViewer();
  c.onMessage = (m) => { for (const f of frameEnds(m)) c.send(msg.ack(f)); };
  c.send(msg.hello(0));
  await sleep(1500);
  const key = async (code) => { c.send(msg.key(true, code)); await sleep(30); c.send(msg.key(false, code)); await sleep(30); };
  if (ctrlC) { c.send(msg.key(true, CTRL)); await sleep(30); await key(SCANCODE.c); c.send(msg.key(false, CTRL)); await sleep(300); }
  for (const ch of text) await key(SCANCODE[ch]);
  await sleep(1000);
  c.close();
  await Promise.race([c.closed, sleep(3000)]);
}

// ---- the hostile viewers: start() resolves with { stop() -> Promise<outcome> } ----
let slowProxy = null;
const scenarios = {
  alone: async () => ({ stop: async () => ({}) }),
  busy: async () => ({ stop: async () => ({}) }),
  slow: async () => {
    slowProxy ??= await startWireProxy(Number(new URL(opt.base).port), /\/ws\/display\?/, opt.rate);
    const before = await slowProxy.counters();
    const v = await openViewer(`http://127.0.0.1:${slowProxy.port}`, opt.hostile);
    const t0 = Date.now();
    return { stop: async () => {
      const after = await slowProxy.counters();
      const closed = await v.page.evaluate(() => window.__closes);
      const state = await v.page.evaluate(() => document.body.innerText.slice(0, 200)).catch(() => "");
      await v.ctx.close();
      return { seconds: (Date.now() - t0) / 1000, downBytes: after.display.down - before.display.down,
        connections: after.display.connections - before.display.connections, closes: closed, page: state };
    } };
  },
  noack: async () => {
    const c = await rawViewer();
    let frames = 0;
    c.onMessage = (m) => { frames += frameEnds(m).length; };
    c.send(msg.hello(0));
    const t0 = Date.now();
    return { stop: async () => {
      const open = !(await Promise.race([c.closed.then(() => true), sleep(10).then(() => false)]));
      const out = { seconds: (Date.now() - t0) / 1000, frames, received: { ...c.received }, stillOpen: open };
      if (!open) out.close = await c.closed;
      c.destroy();
      return out;
    } };
  },
  pointers: (kind = "pointers") => async () => {
    const c = await rawViewer();
    let w = 720, h = 400, stopped = false, i = 0;
    c.onMessage = (m) => {
      if (m[0] === HOST_HELLO) { w = m.readUInt16BE(2); h = m.readUInt16BE(4); }
      for (const f of frameEnds(m)) c.send(msg.ack(f));
    };
    c.send(msg.hello(0));
    await sleep(500);
    const t0 = Date.now();
    let closedAt = null;
    c.closed.then((x) => { closedAt = x; });
    const next = kind === "keys" ? () => msg.key(i++ % 2 === 0, SHIFT) : () => msg.pointer(i++ % w, (i >> 4) % h);
    // As fast as the socket takes them, but back to the event loop every 1000 messages: while the
    // server reads as fast, write() never says the buffer is full, and a loop that waited for that
    // would never read the server's close frame.
    const pump = () => {
      for (let n = 0; n < 1000; n++) {
        if (stopped || closedAt !== null || c.socket.writableEnded) return;
        if (!c.send(next())) { c.socket.once("drain", pump); return; }
      }
      setImmediate(pump);
    };
    pump();
    return { stop: async () => {
      stopped = true;
      const open = closedAt === null;
      const rel = (t) => (t ? (t - t0) / 1000 : undefined);
      const out = { sent: { ...c.sent }, stillOpen: open, received: { ...c.received },
        events: { closeFrame: rel(c.events.closeFrameAt), fin: rel(c.events.endAt), error: c.events.error?.code, errorAt: rel(c.events.error?.at) } };
      if (!open) out.close = { ...closedAt, afterSeconds: (closedAt.at - t0) / 1000 };
      c.destroy();
      return out;
    } };
  },
};
scenarios.keys = scenarios.pointers("keys");
scenarios.pointers = scenarios.pointers("pointers");

// ---- the run ----
const results = { started: new Date().toISOString(), options: { ...opt, victim: undefined, hostile: undefined },
  cpus: os.cpus().length, loadavgAtStart: os.loadavg(), browser: `Chromium ${browser.version()} (headless)`, runs: [] };
const save = () => fs.writeFileSync(opt.out, JSON.stringify(results, null, 2));
const [typing] = tiny.workloads({ chars: opt.keys, scrolls: 0, idle: 0 });
let victim;
try {
  victim = await openViewer(opt.base, opt.victim);
  log("victim: waiting for its prompt");
  await tiny.ready(victim.page);
  await victim.page.evaluate(() => document.querySelector("canvas#screen").focus());
  for (let round = 1; round <= opt.rounds; round++) {
    for (const name of opt.scenarios.split(",")) {
      if (name === "alone") await typeIntoHostile("clear\n", { ctrlC: true }); // the neighbour idle
      if (name === "busy") await typeIntoHostile(`clear\n${opt.loop}\n`, { ctrlC: true });
      await sleep(3000);
      log(`round ${round}: ${name}`);
      const meter = sampler();
      const hostile = await scenarios[name]();
      await sleep(3000);
      const t0 = Date.now();
      await typing.before(victim.page);
      const r = await typing.run(victim.page);
      const left = opt.hold * 1000 - (Date.now() - t0); // the hostile viewer lasts at least --hold seconds
      if (left > 0) await sleep(left);
      await meter.collect();
      const outcome = await hostile.stop();
      await sleep(2000);
      const { samples, heap } = meter.stop();
      const run = { round, scenario: name, median: percentile(r.latencies, 50), p95: percentile(r.latencies, 95),
        unseen: r.timeouts, latencies: r.latencies, memory: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)])),
        heap, samples, outcome, loadavg: os.loadavg() };
      results.runs.push(run);
      save();
      log(`  victim key -> canvas median ${fmt(run.median)} ms, p95 ${fmt(run.p95)} ms, ${r.timeouts} unseen; ` +
        `server RSS max ${fmt(run.memory.serverRss.max, 0)} MiB, heap at GC max ${fmt(heap.server.beforeMax, 0)} MiB, live after ${fmt(heap.server.live, 0)} MiB; ` +
        `host RSS max ${fmt(run.memory.hostRss.max, 0)} MiB, heap at GC max ${fmt(heap.host.beforeMax, 0)} MiB, live after ${fmt(heap.host.live, 0)} MiB`);
      log(`  hostile: ${JSON.stringify(outcome)}`);
    }
  }
  await typeIntoHostile("clear\n", { ctrlC: true });
} finally {
  results.finished = new Date().toISOString();
  results.loadavgAtEnd = os.loadavg();
  save();
  await victim?.ctx.close().catch(() => {});
  await browser.close();
  slowProxy?.close();
}
