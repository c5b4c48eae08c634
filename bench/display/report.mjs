// Turns bench.mjs's raw results into the table of docs/benchmarks.md's section
// "Display: Ventana vs noVNC". Prints the section; with --doc FILE, replaces that section in
// FILE (or appends it at the end; creates the file if needed) and leaves the rest untouched.
//
//   node report.mjs --results results/<stamp>.json --command 'bench/display/run.sh' [--doc docs/benchmarks.md]

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) opt[args[i].replace(/^--/, "")] = args[i + 1];
if (!opt.results) {
  console.error("usage: node report.mjs --results FILE [--command CMD] [--doc FILE]");
  process.exit(2);
}
const res = JSON.parse(fs.readFileSync(opt.results, "utf8"));
const HEADING = "## Display: Ventana vs noVNC";

function percentile(xs, p) {
  if (!xs || xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}
const median = (xs) => percentile(xs.filter((x) => x !== null && x !== undefined), 50);

function summary(name) {
  const runs = res.runs.filter((r) => r.target === name);
  const all = runs.flatMap((r) => r.typing.latencies);
  return {
    rounds: runs.length,
    connectBytes: median(runs.map((r) => r.connect.bytes)),
    typeBytes: median(runs.map((r) => r.typing.bytes)),
    typeP50: median(runs.map((r) => percentile(r.typing.latencies, 50))),
    typeP95: median(runs.map((r) => percentile(r.typing.latencies, 95))),
    typeRecvP50: median(runs.map((r) => median(r.typing.received || []))),
    typeAllP50: percentile(all, 50),
    typeAllP95: percentile(all, 95),
    typeSamples: all.length,
    typeUnseen: runs.reduce((n, r) => n + r.typing.timeouts, 0),
    scrollBytes: median(runs.flatMap((r) => r.scrolls.map((x) => x.bytes))),
    scrollFirst: median(runs.flatMap((r) => r.scrolls.map((x) => x.firstChangeMs))),
    scrollLast: median(runs.flatMap((r) => r.scrolls.map((x) => x.lastChangeMs))),
    scrollSamples: runs.reduce((n, r) => n + r.scrolls.length, 0),
    idleBytes: median(runs.map((r) => r.idle.bytes)),
    idleMessages: median(runs.map((r) => r.idle.messages)),
    perRound: runs.map((r) => ({
      p50: percentile(r.typing.latencies, 50), p95: percentile(r.typing.latencies, 95),
      typeBytes: r.typing.bytes, scrollBytes: median(r.scrolls.map((x) => x.bytes)), idleBytes: r.idle.bytes,
    })),
  };
}

const names = res.targets;
const S = Object.fromEntries(names.map((n) => [n, summary(n)]));
const v = S.ventana, n = S.novnc;
const bytes = (x) => (x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-US"));
const ms = (x) => (x === null || x === undefined ? "–" : x.toFixed(1));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || b === 0 ? "–" : (a / b).toFixed(2));

const rows = [
  ["connect (first full screen)", "bytes", "connectBytes", bytes],
  [`typing ${res.options.chars} characters`, "bytes", "typeBytes", bytes],
  ["", "key → canvas, median (ms)", "typeP50", ms],
  ["", "key → canvas, p95 (ms)", "typeP95", ms],
  ["", "key → the picture's last message, median (ms)", "typeRecvP50", ms],
  [`scroll: \`${res.options.scrollCmd}\` (${res.options.scrolls} per round)`, "bytes", "scrollBytes", bytes],
  ["", "Enter → first change (ms)", "scrollFirst", ms],
  ["", "Enter → last change (ms)", "scrollLast", ms],
  [`idle ${res.options.idle} s at the prompt`, "bytes", "idleBytes", bytes],
  ["", "WebSocket messages", "idleMessages", bytes],
];

const lines = [];
const when = res.started.slice(0, 16).replace("T", " ") + " UTC";
let novncVersion = "";
try { novncVersion = execFileSync("dpkg-query", ["-W", "-f=${Version}", "novnc"]).toString(); } catch { /* not Debian */ }
let wsVersion = "";
try { wsVersion = execFileSync("dpkg-query", ["-W", "-f=${Version}", "websockify"]).toString(); } catch { /* not Debian */ }

lines.push(HEADING, "");
lines.push(`Measured ${when} with \`${opt.command || "bench/display/run.sh"}\` ` +
  `(raw numbers: \`bench/display/results/${path.basename(opt.results)}\`). ` +
  `${res.cpus} cores shared with other work (load average ${res.loadavgAtStart.map((x) => x.toFixed(1)).join(" / ")} at the start, ` +
  `${(res.loadavgAtEnd || []).map((x) => x.toFixed(1)).join(" / ")} at the end); ${res.browser}; ` +
  `the \`tiny\` guest (busybox shell, 720x400 VGA text) under TCG; noVNC ${novncVersion} (\`vnc_lite.html\`, default settings) ` +
  `over websockify ${wsVersion} on the same guest's VNC unix socket. Ventana: ${opt.jars || "the jars in target/"}.`);
lines.push("");
if (v && n) {
  lines.push(`Medians over ${v.rounds} rounds per viewer (rounds alternate which viewer goes first); ` +
    `for the scroll, over all ${v.scrollSamples} scrolls of each; for the key latencies, the median of the rounds' medians and p95s.`, "");
  lines.push("| workload | measure | Ventana | noVNC | Ventana / noVNC |", "|---|---|---:|---:|---:|");
  for (const [w, m, k, f] of rows) lines.push(`| ${w} | ${m} | ${f(v[k])} | ${f(n[k])} | ${ratio(v[k], n[k])} |`);
  lines.push("");
  const cmp = (k, label) => {
    const r = v[k] / n[k];
    return `${label} ${r < 1 ? "fewer" : r > 1 ? "more" : "the same"} (x${r.toFixed(2)})`;
  };
  const slower = (k) => `${v[k] - n[k] >= 0 ? "+" : ""}${(v[k] - n[k]).toFixed(1)} ms`;
  lines.push(`Against issue 4's bar (fewer bytes than noVNC and no slower): bytes ${cmp("typeBytes", "typing")}, ` +
    `${cmp("scrollBytes", "scroll")}, ${cmp("idleBytes", "idle")}; key → canvas median ${slower("typeP50")}, ` +
    `p95 ${slower("typeP95")}; scroll to its last change ${slower("scrollLast")} (Ventana minus noVNC).`);
  lines.push("");
  lines.push(`All ${v.typeSamples} Ventana and ${n.typeSamples} noVNC key presses pooled: median ${ms(v.typeAllP50)} vs ` +
    `${ms(n.typeAllP50)} ms, p95 ${ms(v.typeAllP95)} vs ${ms(n.typeAllP95)} ms` +
    (v.typeUnseen + n.typeUnseen ? `; key presses with no change seen within 3 s: Ventana ${v.typeUnseen}, noVNC ${n.typeUnseen}` : "") + ".");
  lines.push("");
  lines.push("Per round (typing median / p95 ms; bytes typing, scroll, idle):", "");
  for (const name of names) {
    lines.push(`- ${name === "ventana" ? "Ventana" : "noVNC"}: ` + S[name].perRound.map((r) =>
      `${ms(r.p50)} / ${ms(r.p95)}; ${bytes(r.typeBytes)}, ${bytes(r.scrollBytes)}, ${bytes(r.idleBytes)}`).join(" · "));
  }
  const TYPES = { "0x01": "HELLO", "0x02": "RESIZE", "0x03": "FRAME_END", "0x04": "CURSOR", "0x05": "PONG",
    "0x10": "SOLID", "0x11": "COPY", "0x12": "PNG", "0x13": "JPEG", "0x14": "RAW", "0x16": "BITMAP" };
  const vr = res.runs.filter((r) => r.target === "ventana");
  // Scrolls: the sum of a round's scrolls divided by their number, i.e. per scroll.
  const perScroll = (r) => {
    const out = {};
    for (const x of r.scrolls) for (const [t, e] of Object.entries(x.byType || {})) {
      const o = (out[t] ??= { messages: 0, bytes: 0 });
      o.messages += e.messages / r.scrolls.length; o.bytes += e.bytes / r.scrolls.length;
    }
    return { byType: out };
  };
  const work = [["connect", (r) => r.connect], ["typing", (r) => r.typing], ["one scroll", perScroll], ["idle", (r) => r.idle]];
  const seen = new Set();
  for (const r of vr) for (const [, f] of work) Object.keys(f(r).byType || {}).forEach((t) => seen.add(t));
  const cols = [...seen].sort();
  if (cols.length) {
    lines.push("");
    lines.push(`Ventana's bytes by message type (mean per round; messages in brackets):`, "");
    lines.push(`| workload | ${cols.map((t) => TYPES[t] || t).join(" | ")} |`, `|---|${cols.map(() => "---:").join("|")}|`);
    for (const [name, f] of work) {
      const cell = (t) => {
        const b = vr.reduce((a, r) => a + (f(r).byType?.[t]?.bytes || 0), 0) / vr.length;
        const m = vr.reduce((a, r) => a + (f(r).byType?.[t]?.messages || 0), 0) / vr.length;
        return m ? `${bytes(b)} (${Math.round(m)})` : "";
      };
      lines.push(`| ${name} | ${cols.map(cell).join(" | ")} |`);
    }
  }
} else {
  const only = S[names[0]];
  lines.push(`Only ${names[0]} was measured (${only.rounds} rounds).`, "");
  lines.push(`| workload | measure | ${names[0]} |`, "|---|---|---:|");
  for (const [w, m, k, f] of rows) lines.push(`| ${w} | ${m} | ${f(only[k])} |`);
}
lines.push("");
lines.push("How it is measured:");
lines.push("- Bytes: payloads of the WebSocket messages the page received (Playwright's `framereceived`), " +
  "without WebSocket/TCP framing. For Ventana that is the display protocol from the server's gateway " +
  "(including `PONG`s for the viewer's round-trip figure); for noVNC, RFB through websockify.");
lines.push("- Key → canvas: the typed key is pressed through Chromium's input pipeline (Playwright " +
  "`keyboard.press`); a capture-phase `keydown` listener on `window` stamps `performance.now()` before the " +
  "viewer's own handler; a `requestAnimationFrame` loop reads the prompt's rows of the viewer's canvas with " +
  "`getImageData` and stops at the first frame that differs from the picture taken just before the key " +
  "(scanlines 13-14 of each text row, where the VGA cursor blinks, are ignored). So the figure includes " +
  "the viewer's key handling, the path to QEMU, the guest's echo, QEMU's VNC refresh timer, encoding, " +
  "transfer and painting, rounded up to the next animation frame (about 16.7 ms). Keys are one at a time: " +
  "the next is pressed 100-150 ms after the previous change showed (letters and digits, so every key " +
  "changes the line).");
lines.push("- Key → the picture's last message: from the same keydown to the arrival (a `message` listener " +
  "added when the page creates its WebSocket, ahead of the viewer's) of the last message before the change " +
  "showed, i.e. the latency without the painting and the animation-frame rounding.");
lines.push("- Scroll: the screen is cleared and the command typed unmeasured; Enter is measured to the first " +
  "change anywhere on the canvas and to the last change before the canvas stays still for 3 s; bytes from " +
  "Enter until then.");
lines.push("- Idle: the prompt with its blinking cursor for the whole period, nobody typing.");
lines.push("");
lines.push("Caveats:");
lines.push("- Both viewers read the same QEMU VNC server, which looks for changes on a timer: every 30 ms, " +
  "backing off by 50 ms per look that finds nothing, back to 30 ms on any input message. A key's own " +
  "message comes before the guest's echo, so the look it causes finds nothing and the echo waits for a " +
  "backed-off look. Ventana's session host keeps the looks 30 ms apart while input is active " +
  "(`rfb.FastRefresh`: a no-op QEMU key release every 10 ms for 1 s after the last input), so an echo " +
  "waits 15 ms on average; noVNC gets the back-off. What each path adds on top: for Ventana the " +
  "server's gateway, the session host's encoder and painting; for noVNC websockify, its decoder and its " +
  "painting on the next animation frame.");
if (v && n) {
  lines.push(`- A text console only. noVNC asks QEMU for tight encoding first; tight's zlib streams ` +
    `persist across updates: a typed character costs about ${Math.round(n.typeBytes / res.options.chars)} bytes. ` +
    `Ventana sends every region as a self-contained message (a text cell as a two-colour BITMAP, ` +
    `one bit per pixel, no compression state to keep): about ${Math.round(v.typeBytes / res.options.chars)} ` +
    `bytes per character. The JPEG path and large picture changes (the office desktop) are not exercised here.`);
}
lines.push("- The listing prints within one or two of QEMU's refreshes, so a scroll arrives mostly as a " +
  "repaint of the whole screen rather than as many small scrolls.");
lines.push("- In-page timing: rounded up to animation frames (16.7 ms), and it starts when the page sees " +
  "keydown, so the OS and browser input path is not included (the same for both). Keys come from " +
  "Chromium's DevTools input, one at a time, not from a person typing in bursts.");
lines.push("- A shared 2-core machine: the load average is given above; rounds are interleaved and " +
  "medians reported. Not measured: CPU use in the browser, the server and the session host.");
lines.push("");

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
