// Turns bench.mjs's raw results into docs/benchmarks.md's section "Display: Ventana vs noVNC":
// one table per image (rows: workloads; columns: wire and payload bytes, key latencies, the
// guest's own echo, server-side CPU per viewer). Prints the section; with --doc FILE, replaces
// that section in FILE (or appends it at the end; creates the file if needed) and leaves the
// rest untouched.
//
//   node report.mjs --results results/<stamp>.json --command 'bench/display/run.sh' [--jars DESC] [--doc docs/benchmarks.md]

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describeImage, HOW_MEASURED, caveats } from "./report-text.mjs";

const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) opt[args[i].replace(/^--/, "")] = args[i + 1];
if (!opt.results) {
  console.error("usage: node report.mjs --results FILE [--command CMD] [--jars DESC] [--doc FILE]");
  process.exit(2);
}
let res = JSON.parse(fs.readFileSync(opt.results, "utf8"));
if (res.runs) res = { started: res.started, images: { tiny: { ...res, image: "tiny" } } }; // a results file from before the office image
const HEADING = "## Display: Ventana vs noVNC";

function percentile(xs, p) {
  xs = (xs || []).filter((x) => x !== null && x !== undefined);
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}
const median = (xs) => percentile(xs, 50);
const bytes = (x) => (x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-US"));
const ms = (x) => (x === null || x === undefined ? "–" : x.toFixed(1));
const cpuS = (x) => (x === null || x === undefined ? "–" : x.toFixed(2));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || b === 0 ? "–" : (a / b).toFixed(2));

/** The measurements of one workload in a run: one object, or the list of a repeated one (scrolls). */
const samples = (run, w) => (Array.isArray(run[w]) ? run[w] : run[w] ? [run[w]] : []);
/** Server-side CPU of a viewer's workload: [its own server(s), QEMU, sum]. */
function serverCpu(viewer, m) {
  if (!m.cpu) return [null, null, null];
  const own = viewer === "ventana" ? m.cpu.ventana : m.cpu.websockify;
  return [own, m.cpu.qemu, own + m.cpu.qemu];
}

/** Medians over the runs (and repeats) of one viewer's workload. */
function summarize(img, viewer, w) {
  const ms_ = img.runs.filter((r) => r.target === viewer).flatMap((r) => samples(r, w));
  if (ms_.length === 0) return null;
  const cpu = ms_.map((m) => serverCpu(viewer, m));
  const lat = ms_.filter((m) => m.latencies);
  return {
    n: ms_.length,
    wireDown: median(ms_.map((m) => m.wire?.down)), wireUp: median(ms_.map((m) => m.wire?.up)),
    payload: median(ms_.map((m) => m.bytes)),
    p50: lat.length ? median(lat.map((m) => percentile(m.latencies, 50))) : null,
    p95: lat.length ? median(lat.map((m) => percentile(m.latencies, 95))) : null,
    unseen: lat.reduce((a, m) => a + (m.timeouts || 0), 0),
    own: median(cpu.map((c) => c[0])), qemu: median(cpu.map((c) => c[1])), sum: median(cpu.map((c) => c[2])),
    extra: ms_,
  };
}

const LABEL = {
  connect: () => "connect (first full screen)",
  typing: (o) => `typing ${o.chars} characters`,
  scrolls: (o) => `scroll \`${o.scrollCmd}\` (per scroll)`,
  idle: (o) => `idle ${o.idle} s`,
  drag: (o) => `window drag (${o.drags} × across and back)`,
  picture: (o) => `picture (feh, 640x480, shown ${o.picture} s)`,
};

function imageSection(name, img) {
  const o = img.options;
  const lines = [`### ${name === "tiny" ? "Tiny text console" : "Office desktop"} (\`${name}\`)`, ""];
  lines.push(describeImage(name, img, opt), "");
  const workloads = ["connect", ...Object.keys(LABEL).filter((w) => w !== "connect" && img.runs.some((r) => r[w]))];
  const echo = img.echo?.medianMs != null ? `${ms(img.echo.medianMs)}` : "–";
  lines.push("| workload | Ventana wire ↓ / ↑ | noVNC wire ↓ / ↑ | wire ↓ Ventana / noVNC | Ventana payload | noVNC payload " +
    "| key → canvas median / p95, Ventana (ms) | noVNC (ms) | guest echo median (ms) " +
    "| Ventana CPU-s: server+host / QEMU / sum | noVNC CPU-s: websockify / QEMU / sum |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const w of workloads) {
    const v = summarize(img, "ventana", w), n = summarize(img, "novnc", w);
    const f = (s, k, fmt) => (s ? fmt(s[k]) : "–");
    const lat = (s) => (s && s.p50 !== null ? `${ms(s.p50)} / ${ms(s.p95)}` : "");
    const cpu = (s) => (s ? `${cpuS(s.own)} / ${cpuS(s.qemu)} / ${cpuS(s.sum)}` : "–");
    lines.push(`| ${LABEL[w](o)} | ${f(v, "wireDown", bytes)} / ${f(v, "wireUp", bytes)} | ${f(n, "wireDown", bytes)} / ${f(n, "wireUp", bytes)} ` +
      `| ${ratio(v?.wireDown, n?.wireDown)} | ${f(v, "payload", bytes)} | ${f(n, "payload", bytes)} | ${lat(v)} | ${lat(n)} ` +
      `| ${w === "typing" ? echo : ""} | ${cpu(v)} | ${cpu(n)} |`);
    lines.push(`| ↳ server-side CPU per viewer (CPU-s) | ${f(v, "sum", cpuS)} | ${f(n, "sum", cpuS)} | ${ratio(v?.sum, n?.sum)} | | | | | | | |`);
  }
  lines.push("");
  const notes = [];
  const rounds = img.runs.filter((r) => r.target === "ventana").length;
  notes.push(`Medians over ${rounds} round${rounds === 1 ? "" : "s"} per viewer (rounds alternate which viewer goes first)` +
    (o.scrolls && name === "tiny" ? `, for the scroll over all its scrolls` : "") + "; key latencies: the median of the rounds' medians and p95s.");
  const ext = (viewer) => img.runs.find((r) => r.target === viewer)?.connect.wire?.extensions;
  if (ext("ventana") !== undefined) {
    notes.push(`WebSocket extensions the servers accepted (Chromium offers permessage-deflate): Ventana ` +
      `\`${ext("ventana") || "none"}\`, websockify \`${ext("novnc") || "none"}\`.`);
  }
  for (const viewer of ["ventana", "novnc"]) {
    const t = summarize(img, viewer, "typing");
    if (t?.unseen) notes.push(`${viewer === "ventana" ? "Ventana" : "noVNC"}: ${t.unseen} key presses with no change seen within 3 s.`);
  }
  if (img.echo) {
    notes.push(img.echo.error ? `Guest echo: not measured (${img.echo.error}).` :
      `Guest echo: ${img.echo.echoes.length} keys, median ${ms(img.echo.medianMs)} ms, p95 ${ms(percentile(img.echo.echoes, 95))} ms` +
      ` (one screendump took ${ms(img.echo.dumpMedianMs)} ms, the figure's resolution` +
      (img.echo.lowerMedianMs != null ? `; the last dump without the change started ${ms(img.echo.lowerMedianMs)} ms after the key, median` : "") + ")" +
      (img.echo.unseen ? `; ${img.echo.unseen} keys with no change within 3 s` : "") + ".");
  }
  if (name === "office") {
    if (!o.picture) notes.push("Picture: skipped, the image has no `feh` (the manifest's inputs do not list it).");
    const d = summarize(img, "ventana", "drag"), dn = summarize(img, "novnc", "drag");
    if (d && dn) notes.push(`Drag: from the last drop to the last change on the canvas, median ${ms(median(d.extra.map((m) => m.lastChangeAfterDropMs)))} ms ` +
      `(Ventana) vs ${ms(median(dn.extra.map((m) => m.lastChangeAfterDropMs)))} ms (noVNC).`);
    const p = summarize(img, "ventana", "picture"), pn = summarize(img, "novnc", "picture");
    if (p && pn) notes.push(`Picture: from Enter to its last change while shown, median ${ms(median(p.extra.map((m) => m.shownLastChangeMs)))} ms ` +
      `(Ventana) vs ${ms(median(pn.extra.map((m) => m.shownLastChangeMs)))} ms (noVNC).`);
  }
  if (name === "tiny") {
    const v = summarize(img, "ventana", "scrolls"), n = summarize(img, "novnc", "scrolls");
    if (v && n) notes.push(`Scroll: Enter → first change ${ms(median(v.extra.map((m) => m.firstChangeMs)))} vs ${ms(median(n.extra.map((m) => m.firstChangeMs)))} ms, ` +
      `→ last change ${ms(median(v.extra.map((m) => m.lastChangeMs)))} vs ${ms(median(n.extra.map((m) => m.lastChangeMs)))} ms (Ventana vs noVNC).`);
  }
  lines.push(...notes.map((x) => `- ${x}`), "");
  return lines;
}

const lines = [HEADING, ""];
let novnc = "", ws = "";
try { novnc = execFileSync("dpkg-query", ["-W", "-f=${Version}", "novnc"]).toString(); } catch { /* not Debian */ }
try { ws = execFileSync("dpkg-query", ["-W", "-f=${Version}", "websockify"]).toString(); } catch { /* not Debian */ }
const first = Object.values(res.images)[0];
lines.push(`Measured ${res.started.slice(0, 16).replace("T", " ")} UTC with \`${opt.command || "bench/display/run.sh"}\` ` +
  `(raw numbers: \`bench/display/results/${path.basename(opt.results)}\`); ${first.browser}; ` +
  `noVNC ${novnc} (\`vnc_lite.html\`, default settings) over websockify ${ws} on the guest's VNC unix socket; ` +
  `Ventana: ${opt.jars || "the jars in target/"}. Each image in a farm of its own, one guest under TCG, ` +
  `the session host without instant-on (no template boots in the background).`, "");
for (const [name, img] of Object.entries(res.images)) lines.push(...imageSection(name, img));
lines.push(...HOW_MEASURED, "", ...caveats(res), "");

const section = lines.join("\n");
process.stdout.write(section + "\n");

if (opt.doc) {
  let doc = fs.existsSync(opt.doc) ? fs.readFileSync(opt.doc, "utf8") : "# Benchmarks\n";
  const start = doc.indexOf(HEADING);
  if (start >= 0) {
    // Replace our section only: up to the next second-level heading, or the end.
    const rest = doc.slice(start + HEADING.length);
    const next = rest.search(/\n## /);
    const end = next >= 0 ? start + HEADING.length + next + 1 : doc.length;
    doc = doc.slice(0, start) + section + (next >= 0 ? "\n" : "") + doc.slice(end);
  } else {
    doc = doc.replace(/\n*$/, "\n\n") + section;
  }
  fs.writeFileSync(opt.doc, doc);
  console.error(`report: wrote the section "${HEADING.slice(3)}" into ${opt.doc}`);
}
