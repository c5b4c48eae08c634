#!/usr/bin/env python3
"""Density questions left by restore.py (instant-on spike):
  A. CPU of N idle sharing clones (utime+stime of each QEMU over --window s, after --idle s);
  B. how much of a cold-booted tiny guest's PSS is TCG's translation cache: a cold boot with
     -accel tcg,tb-size=<MiB> vs the default.
  bench/instant-on/density.py [--clones 8] [--idle 10] [--window 10] [--tb-size 32]
"""
import argparse
import os
import time

import io_lib as L

ap = argparse.ArgumentParser()
ap.add_argument("--clones", type=int, default=8)
ap.add_argument("--idle", type=float, default=10)
ap.add_argument("--window", type=float, default=10)
ap.add_argument("--tb-size", type=int, default=32)
a = ap.parse_args()
img = L.Image(L.image_dir("tiny"))
HZ = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / HZ


t = L.Template("tiny-density", img, shared=True, vmgenid="auto", agent=True)
gs = []
for i in range(a.clones):
    g = t.clone("dens%d" % i)
    t.restore(g)
    gs.append(g)
time.sleep(a.idle)
c0 = [cpu(g.pid) for g in gs]
time.sleep(a.window)
use = [(cpu(g.pid) - c) / a.window * 100 for g, c in zip(gs, c0)]
L.log("RESULT %d idle sharing clones: CPU per clone median %.2f %% of a core (min %.2f, max %.2f), all %.1f %%"
      % (len(gs), L.median(use), min(use), max(use), sum(use)))
for g in gs:
    g.kill()

for accel in ("tcg", "tcg,tb-size=%d" % a.tb_size):
    g = L.cold_boot("dens-cold", img, agent=True, vmgenid="auto", accel=accel)
    g.start()
    L.boot_ready(g)
    time.sleep(15)
    L.log("RESULT cold boot -accel %s, 15 s idle: %s" % (accel, L.fmt_pss(g.pss())))
    g.kill()
