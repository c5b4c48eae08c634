// Prints the Markdown table of a launch benchmark run: node report.mjs bench/launch/results/<stamp>
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const sec = (ms) => (ms / 1000).toFixed(2);
const rows = [];
for (const image of ["tiny", "office"]) {
  const get = (label) => {
    const f = path.join(dir, `${image}-${label}.json`);
    return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")).results : null;
  };
  const cold = get("cold"), inst = get("instant");
  if (!cold && !inst) continue;
  const line = (label, rs) => {
    if (!rs || rs.length === 0) return `| ${image} | ${label} | – | – | – | – |`;
    const v = rs.map((r) => r.clickToDesktopMs);
    return `| ${image} | ${label} | ${sec(med(v))} s | ${sec(Math.min(...v))}–${sec(Math.max(...v))} s | ${v.map(sec).join(", ")} | ${rs.map((r) => r.restored).join(", ")} |`;
  };
  rows.push(line("cold boot", cold), line("instant-on", inst));
  if (cold && inst && cold.length && inst.length) {
    const r = med(cold.map((x) => x.clickToDesktopMs)) / med(inst.map((x) => x.clickToDesktopMs));
    rows.push(`| ${image} | ratio cold / instant-on (medians) | ${r.toFixed(1)}× | | | |`);
  }
}
console.log("| image | mode | median | min–max | all 5 (s) | restored (host) |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
