"""Reads the host's guest list on stdin; prints the PSS/RSS of each RUNNING guest's QEMU (smaps_rollup)."""
import json
import sys

gs = [g for g in json.load(sys.stdin) if g["state"] == "RUNNING"]
pss, rss, restored = [], [], []
for g in gs:
    kv = {}
    with open(f"/proc/{g['pid']}/smaps_rollup") as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and p[2] == "kB":
                kv[p[0].rstrip(":")] = int(p[1])
    pss.append(kv["Pss"] / 1024)
    rss.append(kv["Rss"] / 1024)
    restored.append(g.get("restored"))
each = ", ".join(f"{x:.0f}" for x in pss)
print(f"{sum(pss) / len(pss):.1f} | {each} | {sum(rss) / len(rss):.1f} | {restored}")
