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
  const cold = get("cold"), inst = get("instant"), coldPkg = get("cold-pkg"), instPkg = get("instant-pkg");
  const first = get("first"), prepared = get("prepared");
  if (!cold && !inst && !first) continue;
  const line = (label, rs) => {
    if (!rs || rs.length === 0) return `| ${image} | ${label} | – | – | – | – |`;
    const v = rs.map((r) => r.clickToDesktopMs);
    return `| ${image} | ${label} | ${sec(med(v))} s | ${sec(Math.min(...v))}–${sec(Math.max(...v))} s | ${v.map(sec).join(", ")} | ${rs.map((r) => r.restored).join(", ")} |`;
  };
  // With --after-publish: a newly published version's first launch, at once or once the farm prepared it.
  if (first) {
    rows.push(line("first launch right after a publish", first), line("first launch once prepared (prefetched, template made)", prepared));
    if (prepared && prepared.length) {
      const ms = (rs) => med(rs.map((x) => x.clickToDesktopMs));
      rows.push(`| ${image} | ratio at once / prepared (medians) | ${(ms(first) / ms(prepared)).toFixed(1)}× | | | |`);
    }
    continue;
  }
  rows.push(line("cold boot", cold), line("instant-on", inst));
  const ms = (rs) => med(rs.map((x) => x.clickToDesktopMs));
  if (cold && inst && cold.length && inst.length) {
    rows.push(`| ${image} | ratio cold / instant-on (medians) | ${(ms(cold) / ms(inst)).toFixed(1)}× | | | |`);
  }
  // With --packages: the same launches with the pool's packages attached, and what they add.
  for (const [label, rs, base] of [["cold boot + packages", coldPkg, cold], ["instant-on + packages", instPkg, inst]]) {
    if (!rs || !rs.length) continue;
    rows.push(line(label, rs));
    if (base && base.length) {
      rows.push(`| ${image} | ${label}: added (medians) | +${sec(ms(rs) - ms(base))} s (×${(ms(rs) / ms(base)).toFixed(2)}) | | | |`);
    }
  }
}
console.log("| image | mode | median | min–max | all 5 (s) | restored (host) |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
