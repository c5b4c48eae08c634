// Medians per variant, viewer and workload of a cpu.sh results file (JSON lines): CPU-seconds
// per process, and the key-to-canvas latency for typing. Rounds 0 (the JFR rounds) are left out.
//   node cpu-report.mjs results/cpu-<time>.jsonl
import fs from "node:fs";

const rows = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l))
  .filter((r) => r.round > 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2;
};
const groups = new Map();
for (const r of rows) {
  const key = `${r.variant} | ${r.viewer} | ${r.workload}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
console.log("| variant | viewer | workload | rounds | server | session host | server + host | QEMU | websockify | key→canvas median | load avg |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const [key, rs] of groups) {
  const m = (f) => { const v = median(rs.map(f).filter((x) => x !== undefined && x !== null)); return v === null ? "" : v.toFixed(2); };
  const load = median(rs.map((r) => Array.isArray(r.loadavg) ? r.loadavg[0] : Number(String(r.loadavg).split(" ")[0])));
  const lat = median(rs.map((r) => r.medianLatencyMs).filter((x) => x !== undefined && x !== null));
  console.log(`| ${key.split(" | ").join(" | ")} | ${rs.length} | ${m((r) => r.cpu.server)} | ${m((r) => r.cpu.host)} | ${m((r) => r.cpu.server + r.cpu.host)} | ${m((r) => r.cpu.qemu)} | ${m((r) => r.cpu.websockify)} | ${lat === null ? "" : lat.toFixed(1) + " ms"} | ${load?.toFixed(1)} |`);
}

// With --shadows K: what each further viewer added, server + host, from the medians above.
for (const [key, rs] of groups) {
  const [variant, viewer, workload] = key.split(" | ");
  if (!workload.endsWith("-shadows")) continue;
  const base = groups.get(`${variant} | ${viewer} | ${workload.replace("-shadows", "")}`);
  if (!base) continue;
  const both = (list) => median(list.map((r) => r.cpu.server + r.cpu.host));
  const k = rs[0].shadows;
  console.log(`\n${variant}, ${workload.replace("-shadows", "")}: each of ${k} further viewers adds ${((both(rs) - both(base)) / k).toFixed(3)}`
    + ` CPU-s (server + host; ${both(base).toFixed(2)} with one viewer, ${both(rs).toFixed(2)} with ${k + 1})`);
}
