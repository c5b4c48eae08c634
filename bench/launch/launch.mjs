// Launch benchmark (not a test): the time from the click on Launch in the portal to the desktop
// shown in the viewer, in headless Chromium. Started by run.sh, which runs the farm and switches
// the pool between cold boot and instant-on.
//
//   node launch.mjs --base URL --user NAME --password PW --image tiny|office --rounds N
//                   --agent HOST_URL,FARM_TOKEN --ref ref.json (--warmup | --out results.json)
//                   [--shots DIR] [--label cold|instant]
//
// --warmup launches once, waits for the session to run and the screen to settle, and saves
// what "the desktop is shown" looks like in --ref: for tiny the prompt "ventana# " (the 8
// text cells at the start of the last non-blank row, binarized); for office a sampled copy of
// the whole 1024x768 screen (IceWM's taskbar and the xterm of the session's startup).
// Each measured round: a fresh browser context, sign in at /login, click Launch. The portal
// stamps the pointerdown (Date.now(), kept in sessionStorage); the viewer page then checks its
// canvas every 20 ms and stamps the first check at which it matches the reference (tiny: a
// text row starting with the prompt; office: the taskbar strip >= 90 % and the whole screen
// >= 95 % of sampled pixels within 24 levels per channel). Then the session is ended
// (DELETE /api/v1/sessions/{id}) and the host is waited on until it has no guest left.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const opt = { rounds: 5, warmup: false, shots: null, label: "" };
for (let i = 0; i < args.length; i++) {
  const a = args[i], v = () => args[++i];
  if (a === "--base") opt.base = v();
  else if (a === "--user") opt.user = v();
  else if (a === "--password") opt.password = v();
  else if (a === "--image") opt.image = v();
  else if (a === "--rounds") opt.rounds = Number(v());
  else if (a === "--agent") [opt.agent, opt.farmToken] = v().split(",");
  else if (a === "--ref") opt.ref = v();
  else if (a === "--warmup") opt.warmup = true;
  else if (a === "--out") opt.out = v();
  else if (a === "--shots") opt.shots = v();
  else if (a === "--label") opt.label = v();
  else { console.error("unknown option " + a); process.exit(2); }
}
const log = (...m) => console.error(new Date().toISOString().slice(11, 23), ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(p, init = {}) {
  const r = await fetch(`${opt.base}/api/v1/${p}`, {
    ...init, headers: { "Content-Type": "application/json", ...(init.headers || {}) },
  });
  return r;
}
async function userToken() {
  const r = await api("auth/token", { method: "POST", body: JSON.stringify({ username: opt.user, password: opt.password }) });
  return (await r.json()).token;
}
async function hostGuests() {
  const r = await fetch(`${opt.agent}/api/v1/guests`, { headers: { Authorization: `Bearer ${opt.farmToken}` } });
  return r.json();
}
async function hostGuest(id) {
  const r = await fetch(`${opt.agent}/api/v1/guests/${id}`, { headers: { Authorization: `Bearer ${opt.farmToken}` } });
  return r.ok ? r.json() : null;
}

// Runs in every page before its own scripts: the click stamp in the portal, the detector in the viewer.
function pageScript(ref) {
  window.addEventListener("pointerdown", () => {
    sessionStorage.setItem("benchClick", String(performance.timeOrigin + performance.now()));
  }, true);
  if (!location.pathname.includes("/viewer/")) return;
  const STEP = 4;
  window.__launch = { shownAt: null, checks: 0 };
  function tinyMatch(ctx, c) {
    if (c.width !== ref.width || c.height !== ref.height) return false;
    const d = ctx.getImageData(0, 0, 72, c.height).data;
    for (let row = 0; row + 16 <= c.height; row += 16) {
      let same = 0, n = 0;
      for (let y = 0; y < 16; y++) {
        if (y === 13 || y === 14) continue; // the blinking cursor's scanlines
        for (let x = 0; x < 72; x++) {
          const i = ((row + y) * 72 + x) * 4;
          const lit = (d[i] + d[i + 1] + d[i + 2]) > 192 ? 1 : 0;
          if (lit === ref.bits[y * 72 + x]) same++;
          n++;
        }
      }
      if (ref.litCount > 40 && same / n >= 0.97) return true;
    }
    return false;
  }
  function officeMatch(ctx, c) {
    if (c.width !== ref.width || c.height !== ref.height) return false;
    const strip = 32;
    const bottom = ctx.getImageData(0, c.height - strip, c.width, strip).data;
    let same = 0, n = 0, k = 0;
    const near = (a, b) => Math.abs(a[0] - b[0]) <= 24 && Math.abs(a[1] - b[1]) <= 24 && Math.abs(a[2] - b[2]) <= 24;
    const cols = Math.ceil(c.width / STEP), rows = Math.ceil(c.height / STEP);
    for (let y = 0; y < rows; y++) {
      const py = y * STEP;
      if (py < c.height - strip) continue;
      for (let x = 0; x < cols; x++) {
        const i = ((py - (c.height - strip)) * c.width + x * STEP) * 4;
        const j = (y * cols + x) * 3;
        if (near([bottom[i], bottom[i + 1], bottom[i + 2]], [ref.px[j], ref.px[j + 1], ref.px[j + 2]])) same++;
        n++;
      }
    }
    if (same / n < 0.9) return false;
    const all = ctx.getImageData(0, 0, c.width, c.height).data;
    same = 0; n = 0;
    for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
      const i = (y * STEP * c.width + x * STEP) * 4, j = (y * cols + x) * 3;
      if (near([all[i], all[i + 1], all[i + 2]], [ref.px[j], ref.px[j + 1], ref.px[j + 2]])) same++;
      n++; k++;
    }
    return same / n >= 0.95;
  }
  const timer = setInterval(() => {
    const c = document.querySelector("#screen");
    if (!c || !ref) return;
    const ctx = c.getContext("2d", { willReadFrequently: true });
    window.__launch.checks++;
    const ok = ref.kind === "tiny" ? tinyMatch(ctx, c) : officeMatch(ctx, c);
    if (ok) {
      window.__launch.shownAt = performance.timeOrigin + performance.now();
      window.__launch.clickAt = Number(sessionStorage.getItem("benchClick"));
      clearInterval(timer);
    }
  }, 20);
}

// Captures the reference from the settled screen of a running session.
async function captureRef(page) {
  return page.evaluate((image) => {
    const c = document.querySelector("#screen");
    const ctx = c.getContext("2d", { willReadFrequently: true });
    if (image === "tiny") {
      const d = ctx.getImageData(0, 0, 72, c.height).data;
      let last = -1;
      for (let row = 0; row + 16 <= c.height; row += 16) {
        let lit = 0;
        for (let y = 0; y < 16; y++) for (let x = 0; x < 72; x++) {
          const i = ((row + y) * 72 + x) * 4;
          if (d[i] + d[i + 1] + d[i + 2] > 192) lit++;
        }
        if (lit > 40) last = row;
      }
      const bits = [];
      let litCount = 0;
      for (let y = 0; y < 16; y++) for (let x = 0; x < 72; x++) {
        const i = ((last + y) * 72 + x) * 4;
        const b = (d[i] + d[i + 1] + d[i + 2]) > 192 ? 1 : 0;
        bits.push(b); litCount += b;
      }
      return { kind: "tiny", width: c.width, height: c.height, row: last / 16, bits, litCount };
    }
    const STEP = 4, all = ctx.getImageData(0, 0, c.width, c.height).data, px = [];
    for (let y = 0; y < Math.ceil(c.height / STEP); y++) for (let x = 0; x < Math.ceil(c.width / STEP); x++) {
      const i = (y * STEP * c.width + x * STEP) * 4;
      px.push(all[i], all[i + 1], all[i + 2]);
    }
    return { kind: "office", width: c.width, height: c.height, px };
  }, opt.image);
}

async function untilNoGuests(maxMs = 90000) {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    const gs = await hostGuests();
    if (!gs.some((g) => ["STARTING", "RUNNING", "STOPPING"].includes(g.state))) return Date.now() - t0;
    await sleep(500);
  }
  throw new Error("guests still live after " + maxMs + " ms");
}

async function endSession(sessionId) {
  const token = await userToken();
  const r = await api(`sessions/${sessionId}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
  if (r.status !== 202 && r.status !== 204) log("DELETE session answered", r.status);
  return untilNoGuests();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});

const ref = opt.warmup ? null : JSON.parse(fs.readFileSync(opt.ref, "utf8"));
const results = [];
const rounds = opt.warmup ? 1 : opt.rounds;
try {
  for (let round = 1; round <= rounds; round++) {
    await untilNoGuests();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ctx.addInitScript(pageScript, ref);
    const page = await ctx.newPage();
    await page.goto(`${opt.base}/login`);
    await page.fill("input[name='username']", opt.user);
    await page.fill("input[name='password']", opt.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60000 }),
      page.press("input[name='password']", "Enter"),
    ]);
    const launch = page.getByRole("button", { name: "Launch" });
    await launch.waitFor({ state: "visible", timeout: 60000 });
    await sleep(1500); // the portal settled: nothing of its own loading counts
    await launch.click();
    await page.waitForURL(/\/viewer\/viewer\.html\?session=/, { timeout: 60000 });
    const sessionId = new URL(page.url()).searchParams.get("session");
    let r;
    if (opt.warmup) {
      const token = await userToken();
      for (let i = 0; i < 180; i++) {
        const s = await (await api(`sessions/${sessionId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
        if (s.state === "RUNNING") break;
        await sleep(1000);
      }
      // Settled: the canvas unchanged for 5 s in a row (at most 30 s: the text cursor blinks).
      let last = null, quietSince = Date.now();
      const t0 = Date.now();
      while (Date.now() - t0 < 30000) {
        const h = await page.evaluate(() => {
          const c = document.querySelector("#screen");
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          let x = 0; for (let i = 0; i < d.length; i += 16) x = (x * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) | 0;
          return `${c.width}x${c.height}:${x}`;
        });
        if (h !== last) { last = h; quietSince = Date.now(); }
        else if (Date.now() - quietSince > 5000) break;
        await sleep(250);
      }
      const captured = await captureRef(page);
      fs.writeFileSync(opt.ref, JSON.stringify(captured));
      log(`reference saved (${captured.width}x${captured.height}${captured.kind === "tiny" ? `, prompt on text row ${captured.row}, ${captured.litCount} lit pixels` : ""})`);
      if (opt.shots) await page.screenshot({ path: path.join(opt.shots, `${opt.image}-reference.png`) });
    } else {
      try {
        await page.waitForFunction(() => window.__launch && window.__launch.shownAt !== null, null, { timeout: 120000, polling: 100 });
      } catch (e) {
        // What the canvas showed instead, to see why it never matched the reference.
        if (opt.shots) await page.screenshot({ path: path.join(opt.shots, `${opt.image}-${opt.label}-${round}-timeout.png`) });
        throw e;
      }
      const l = await page.evaluate(() => window.__launch);
      // The host's guest id is not the session's: the one live guest is this round's.
      const guest = (await hostGuests().catch(() => [])).find((g) => g.state === "RUNNING") ?? null;
      r = { round, sessionId, clickToDesktopMs: Math.round(l.shownAt - l.clickAt), checks: l.checks,
            clickAt: new Date(l.clickAt).toISOString(), shownAt: new Date(l.shownAt).toISOString(),
            guest: guest ? guest.id : null, restored: guest ? guest.restored ?? null : null };
      log(`${opt.image} ${opt.label} round ${round}: ${(r.clickToDesktopMs / 1000).toFixed(2)} s (restored: ${r.restored})`);
      if (opt.shots) await page.screenshot({ path: path.join(opt.shots, `${opt.image}-${opt.label}-${round}.png`) });
      results.push(r);
    }
    await ctx.close();
    const gone = await endSession(sessionId);
    log(`session ended, host empty after ${gone} ms`);
    await sleep(2000);
  }
} finally {
  await browser.close();
}
if (opt.out) fs.writeFileSync(opt.out, JSON.stringify({ image: opt.image, label: opt.label, results }, null, 2));
