// CPU per viewer: headless Chromium watches the office desktop through one viewer (Ventana's
// page through the server, or noVNC through websockify) while this script reads the CPU time
// (utime + stime in /proc/<pid>/stat) of the processes named with --pid, per workload:
//   idle    the desktop as it is (taskbar clock and CPU monitor change each second), IDLE seconds
//   typing  N characters into the xterm, one every 100-150 ms, plus 1 s of trailing updates
// Started by cpu.sh; prints one JSON object per measurement on stdout.
//
//   node cpu.mjs --viewer ventana --base URL --user U --password P --session ID | --viewer novnc --url URL
//                --pid name=PID[+] ... [--rounds 3] [--idle 30] [--chars 200] [--jfr name=PID:DIR ...]
//                [--shadows K --admin-password P]
// --shadows: then K more viewers, an admin's shadows of the same session (each its own display
// stream and relay, as a second user's viewer would be), and the idle and typing rounds again
// ("idle-shadows", "typing-shadows"): what one more viewer costs, without the JVMs' fixed costs.

import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = { rounds: 3, idle: 30, chars: 200, pids: {}, jfr: [], shadows: 0 };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const v = () => args[++i];
  if (a === "--viewer") opt.viewer = v();
  else if (a === "--base") opt.base = v();
  else if (a === "--user") opt.user = v();
  else if (a === "--password") opt.password = v();
  else if (a === "--session") opt.session = v();
  else if (a === "--url") opt.url = v();
  else if (a === "--rounds") opt.rounds = Number(v());
  else if (a === "--idle") opt.idle = Number(v());
  else if (a === "--chars") opt.chars = Number(v());
  else if (a === "--pid") { const [n, p] = v().split("="); opt.pids[n] = p; } // PID, or PID+ with its children
  else if (a === "--shadows") opt.shadows = Number(v());
  else if (a === "--admin-password") opt.adminPassword = v();
  else if (a === "--jfr") { const [n, rest] = v().split("="); const [p, dir] = rest.split(":"); opt.jfr.push({ n, p, dir }); }
  else { console.error(`unknown option ${a}`); process.exit(2); }
}

const TICKS = 100; // USER_HZ
const log = (...m) => console.error(new Date().toISOString().slice(11, 19), ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const probe = fs.readFileSync(path.join(here, "probe.js"), "utf8");

function statFields(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The process's CPU time, and its children's with `withChildren` (websockify serves each client from a child). */
function cpuSeconds(pid, withChildren) {
  let ticks = 0;
  for (const p of fs.readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(p)) continue;
    try {
      const f = statFields(p);
      if (Number(p) === pid || (withChildren && Number(f[1]) === pid)) ticks += Number(f[11]) + Number(f[12]); // ppid; utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS;
}
/**
 * CPU-seconds per thread of a process, by thread name with its digits replaced by N (so the
 * threads of one pool add up): which thread a workload's CPU went to. Names are the kernel's
 * (15 characters).
 */
function threadSeconds(pid) {
  const byName = {};
  let tasks = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const t of tasks) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
      const name = f.slice(f.indexOf("(") + 1, f.lastIndexOf(")")).replace(/[0-9]+/g, "N");
      const fields = f.slice(f.lastIndexOf(")") + 2).split(" ");
      byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS;
    } catch {
      // ended meanwhile
    }
  }
  return byName;
}
/** The threads of each JVM (--pid without +) that spent at least 0.01 CPU-s between two samples, most first. */
const threadsAll = () => Object.fromEntries(Object.entries(opt.pids).filter(([, p]) => !p.endsWith("+"))
  .map(([n, p]) => [n, threadSeconds(parseInt(p, 10))]));
function threadsSince(before) {
  const now = threadsAll();
  return Object.fromEntries(Object.entries(now).map(([n, threads]) => [n, Object.fromEntries(
    Object.entries(threads).map(([t, v]) => [t, +(v - (before[n]?.[t] ?? 0)).toFixed(2)])
      .filter(([, v]) => v >= 0.01).sort((a, b) => b[1] - a[1]))]));
}
const cpuAll = () => Object.fromEntries(Object.entries(opt.pids).map(([n, p]) => [n, cpuSeconds(parseInt(p, 10), p.endsWith("+"))]));
const loadavg = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

async function measured(workload, round, body) {
  const before = cpuAll();
  const threadsBefore = threadsAll();
  const t0 = Date.now();
  const extra = await body();
  const after = cpuAll();
  const cpu = Object.fromEntries(Object.keys(before).map((n) => [n, +(after[n] - before[n]).toFixed(2)]));
  const result = { viewer: opt.viewer, workload, round, seconds: (Date.now() - t0) / 1000, cpu, loadavg: loadavg(), ...extra,
    threads: threadsSince(threadsBefore) };
  console.log(JSON.stringify(result));
  log(workload, round, JSON.stringify(cpu), extra.medianLatencyMs !== undefined ? `median ${extra.medianLatencyMs} ms` : "");
  return result;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});

/** A viewer page: the user's, or with `shadow` an admin's shadow of the same session. */
async function open(shadow = false) {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 850 } });
  await ctx.addInitScript({ content: probe });
  const page = await ctx.newPage();
  let selector;
  if (opt.viewer === "ventana") {
    await page.goto(`${opt.base}/login`);
    await page.fill("input[name='username']", shadow ? "admin" : opt.user);
    await page.fill("input[name='password']", shadow ? opt.adminPassword : opt.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60000 }),
      page.press("input[name='password']", "Enter"),
    ]);
    await page.goto(`${opt.base}/viewer/viewer.html?session=${encodeURIComponent(opt.session)}&scale=1:1${shadow ? "&shadow=1" : ""}`);
    selector = "#screen";
  } else {
    await page.goto(opt.url);
    selector = "#screen canvas";
  }
  await page.waitForFunction((s) => { window.__bench.setCanvas(s); return window.__bench.ready(); }, selector,
    { timeout: 60000 });
  return { page, ctx, selector };
}

function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return +((s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2).toFixed(1);
}

const CHARSET = "abcdefghijklmnopqrstuvwxyz0123456789";
// The office session's xterm: 100x30 cells at +40+40 (deploy/images/office/build.sh).
const XTERM = { x: 40, y: 40, w: 620, h: 420 };

async function typing(page) {
  const latencies = [];
  let timeouts = 0;
  for (let i = 0; i < opt.chars; i++) {
    await page.evaluate((r) => { window.__p = window.__bench.arm(r.x, r.y, r.w, r.h, 3000); }, XTERM);
    await page.keyboard.press(i % 60 === 59 ? "Enter" : CHARSET[i % CHARSET.length]);
    const r = await page.evaluate(() => window.__p);
    if (r.timeout) timeouts++; else latencies.push(r.latencyMs);
    await sleep(100 + Math.random() * 50);
  }
  await sleep(1000);
  return { medianLatencyMs: median(latencies), timeouts };
}

function jfr(action, name) {
  for (const j of opt.jfr) {
    const a = action === "start"
      ? ["JFR.start", `name=${name}`, "settings=profile"]
      : ["JFR.stop", `name=${name}`, `filename=${j.dir}/${j.n}-${name}.jfr`];
    execFileSync(process.env.JCMD || "jcmd", [String(j.p), ...a], { stdio: "ignore" });
  }
}

try {
  const { page, ctx, selector } = await open();
  await sleep(5000); // the first frame and the JIT's first compilations are not what we measure
  // Focus the xterm (IceWM: click to focus) and the viewer's canvas.
  await page.click(selector, { position: { x: XTERM.x + 300, y: XTERM.y + 200 } });
  await sleep(2000);
  await page.keyboard.press("Enter");
  await sleep(3000);
  for (let r = 1; r <= opt.rounds; r++) {
    await measured("idle", r, async () => { await sleep(opt.idle * 1000); return {}; });
    await page.keyboard.type("clear\n", { delay: 120 });
    await sleep(2000);
    await measured("typing", r, () => typing(page));
    await page.keyboard.press("Enter");
    await sleep(2000);
  }
  if (opt.jfr.length > 0) {
    jfr("start", "idle");
    await measured("idle-jfr", 0, async () => { await sleep(opt.idle * 1000); return {}; });
    jfr("stop", "idle");
    jfr("start", "typing");
    await measured("typing-jfr", 0, () => typing(page));
    jfr("stop", "typing");
  }
  if (opt.shadows > 0) {
    const shadows = [];
    for (let i = 0; i < opt.shadows; i++) shadows.push(await open(true));
    await sleep(10000); // their first frames and HELLOs are not what we measure
    for (let r = 1; r <= opt.rounds; r++) {
      await measured("idle-shadows", r, async () => { await sleep(opt.idle * 1000); return { shadows: opt.shadows }; });
      await page.keyboard.type("clear\n", { delay: 120 });
      await sleep(2000);
      await measured("typing-shadows", r, async () => ({ ...(await typing(page)), shadows: opt.shadows }));
      await page.keyboard.press("Enter");
      await sleep(2000);
    }
    for (const s of shadows) await s.ctx.close();
  }
  await page.screenshot({ path: path.join(process.env.CPU_SHOTS || "/tmp", `cpu-${opt.viewer}.png`) });
  await ctx.close();
} finally {
  await browser.close();
}
