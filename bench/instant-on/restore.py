#!/usr/bin/env python3
"""Template and clones, restore time and memory (experiments 1 and 2 of the instant-on spike).

  bench/instant-on/restore.py --mode shared   # Kata's way: memory file, x-ignore-shared, MAP_PRIVATE clones
  bench/instant-on/restore.py --mode private  # RAM in the state file, each clone its own anonymous memory
  bench/instant-on/restore.py --mode cold     # baseline: cold-booted guests, same devices

Options: --runs 5 (timed restores, one at a time), --clones 1,4,8 (idle guests at once for PSS),
--idle 15 (s of idleness before reading /proc/<pid>/smaps_rollup), --devices full|base (full adds
vmgenid and the agent's virtio-serial port to QemuCommand's set; base is exactly QemuCommand's),
--mem-dir DIR (where the shared template's memory file lives; default its template directory
on the disk, /dev/shm for tmpfs), --memory 256.
Restore time = from starting QEMU to QMP query-status "running" plus one PNG screendump.
"""
import argparse
import os
import time

import io_lib as L

ap = argparse.ArgumentParser()
ap.add_argument("--mode", choices=["shared", "private", "cold"], required=True)
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--clones", default="1,4,8")
ap.add_argument("--idle", type=float, default=15)
ap.add_argument("--devices", choices=["full", "base"], default="full")
ap.add_argument("--mem-dir", default=None)
ap.add_argument("--memory", type=int, default=256)
ap.add_argument("--image", default="tiny")
ap.add_argument("--burst", type=int, default=0, help="then restore this many clones at once")
a = ap.parse_args()

img = L.Image(L.image_dir(a.image))
full = a.devices == "full"
L.log("image %s, mode %s, devices %s, -m %dM, load %s" % (img.dir, a.mode, a.devices, a.memory, L.load_avg()))


def pss_report(guests, label):
    time.sleep(a.idle)
    ps = [g.pss() for g in guests]
    pss = [p["Pss"] for p in ps]
    L.log("%s: %d idle guests after %.0f s: PSS per guest median %.1f MiB (min %.1f, max %.1f), sum %.1f MiB; "
          "first guest %s; load %s" % (label, len(guests), a.idle, L.median(pss), min(pss), max(pss), sum(pss),
                                       L.fmt_pss(ps[0]), L.load_avg()))


counts = [int(x) for x in a.clones.split(",") if x]

if a.mode == "cold":
    guests = []
    for n in counts:
        while len(guests) < n:
            g = L.cold_boot("cold%d" % len(guests), img, memory=a.memory, agent=full, vmgenid="auto" if full else None)
            t0 = time.monotonic()
            g.start()
            L.boot_ready(g)
            L.log("cold boot %s: shell ready after %.2f s" % (g.name, time.monotonic() - t0))
            g.serial.close(); g.serial = None
            guests.append(g)
        pss_report(guests, "cold")
    for g in guests:
        g.kill()
    raise SystemExit(0)

t = L.Template("%s-%s" % (a.image, a.mode), img, shared=(a.mode == "shared"), vmgenid="auto" if full else None,
               agent=full, memory=a.memory, mem_dir=a.mem_dir)
L.log("template: booted in %.2f s, paused and saved in %.2f s; %s" % (t.boot_s, t.save_s, t.sizes()))
L.log("template command line: " + " ".join(t.argv))

times, running = [], []
for i in range(a.runs):
    g = t.clone("clone-t%d" % i)
    s = t.restore(g)
    times.append(s)
    running.append(g.running_s)
    if i == 0:
        L.log("clone command line: " + " ".join(g.argv))
    L.log("restore %d: running after %.3f s, screen dumped after %.3f s" % (i + 1, g.running_s, s))
    g.kill()
L.log("RESULT %s restore (QEMU start -> running + screendump): median %.3f s of %d (%s); running median %.3f s"
      % (a.mode, L.median(times), len(times), ", ".join("%.3f" % x for x in times), L.median(running)))

guests = []
for n in counts:
    while len(guests) < n:
        g = t.clone("clone-p%d" % len(guests))
        t.restore(g)
        guests.append(g)
    pss_report(guests, "RESULT %s" % a.mode)
mi = dict(l.split(":") for l in open("/proc/meminfo").read().strip().split("\n"))
L.log("host: MemAvailable %s, Cached %s, Shmem %s" % (mi["MemAvailable"].strip(), mi["Cached"].strip(),
                                                      mi["Shmem"].strip()))
for g in guests:
    g.kill()

if a.burst:
    import threading
    gs = [t.clone("clone-b%d" % i) for i in range(a.burst)]
    t0 = time.monotonic()
    th = [threading.Thread(target=t.restore, args=(g,)) for g in gs]
    for x in th:
        x.start()
    for x in th:
        x.join()
    wall = time.monotonic() - t0
    rs = [getattr(g, "restore_s", float("nan")) for g in gs]
    L.log("RESULT %s burst: %d restores at once, all live after %.2f s; each %s"
          % (a.mode, a.burst, wall, ", ".join("%.2f" % x for x in rs)))
    for g in gs:
        g.kill()
