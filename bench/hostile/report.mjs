// Prints the table of docs/benchmarks.md, "Hardening: slow and hostile viewers", from a results
// file of hostile.mjs: node report.mjs results/<time>.json
import fs from "node:fs";
import { percentile } from "../display/workloads.mjs";

const r = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const fmt = (x, d = 0) => (x === null || x === undefined ? "–" : x.toFixed(d));
const by = new Map();
for (const run of r.runs) (by.get(run.scenario) ?? by.set(run.scenario, []).get(run.scenario)).push(run);
const pooled = (runs) => percentile(runs.flatMap((x) => x.latencies), 50);
const alone = by.has("alone") ? pooled(by.get("alone")) : null;
const max = (runs, k) => Math.max(...runs.map((x) => x.memory[k].max ?? -Infinity));
const heapMax = (runs, jvm, k) => { const v = runs.map((x) => x.heap?.[jvm]?.[k]).filter((x) => x != null); return v.length ? Math.max(...v) : null; };
const med = (runs, k) => percentile(runs.map((x) => x.memory[k].median).filter((x) => x !== null), 50);

function outcome(o) {
  if (!o || Object.keys(o).length === 0) return "–";
  if (o.closes) {
    const c = o.closes.map((x) => `${x.code} ${x.reason}`).join(", ");
    return `${(o.downBytes / 1000).toFixed(0)} kB down in ${o.seconds.toFixed(0)} s over ${o.connections} connection(s); ${c ? `closed: ${c}` : "never closed"}`;
  }
  const sent = o.sent ? `${o.sent.messages} messages sent; ` : "";
  const recv = `${o.received.messages} received (${(o.received.bytes / 1000).toFixed(0)} kB)${o.frames !== undefined ? `, ${o.frames} frames` : ""}`;
  const end = o.stillOpen ? "still open when the benchmark let go"
    : `closed ${o.close.code} ${o.close.reason}${o.close.afterSeconds !== undefined ? ` after ${o.close.afterSeconds.toFixed(1)} s` : ""}` +
      (o.close.code === 1006 && o.events ? ` (no close frame${o.events.error ? `; ${o.events.error}` : ""})` : "");
  return `${sent}${recv}; ${end}`;
}

console.log(`| scenario | victim key -> canvas median (ms) | vs alone | server RSS max / median (MiB) | server heap: most at a GC / live after (MiB) | host RSS max / median (MiB) | host heap: most at a GC / live after (MiB) | the hostile connection |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const [name, runs] of by) {
  const m = pooled(runs);
  const rounds = runs.map((x) => fmt(x.median, 1)).join(", ");
  console.log(`| ${name} | ${fmt(m, 1)} (rounds: ${rounds}) | ${alone === null || name === "alone" ? "" : `${m - alone >= 0 ? "+" : ""}${fmt(m - alone, 1)}`} | ` +
    `${fmt(max(runs, "serverRss"))} / ${fmt(med(runs, "serverRss"))} | ${fmt(heapMax(runs, "server", "beforeMax"))} / ${fmt(heapMax(runs, "server", "live") ?? heapMax(runs, "server", "afterMax"))} | ` +
    `${fmt(max(runs, "hostRss"))} / ${fmt(med(runs, "hostRss"))} | ${fmt(heapMax(runs, "host", "beforeMax"))} / ${fmt(heapMax(runs, "host", "live") ?? heapMax(runs, "host", "afterMax"))} | ${runs.map((x) => outcome(x.outcome)).join("; ")} |`);
}
console.log(`\nload average ${r.loadavgAtStart.map((x) => x.toFixed(1)).join(" ")} at the start, ${r.loadavgAtEnd?.map((x) => x.toFixed(1)).join(" ")} at the end; ${r.cpus} CPUs; ${r.browser}`);
