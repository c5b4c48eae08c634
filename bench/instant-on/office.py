#!/usr/bin/env python3
"""The office desktop as a template (experiment 8 of the instant-on spike): the image as built
today starts the user's desktop at boot (no login point yet), so the template is saved with the
desktop drawn (taskbar: >= 8 colours along the bottom row), which bounds the restore time from above.

  bench/instant-on/office.py [--mode shared|private] [--runs 5] [--memory 512]
Restore time = QEMU start -> running + one screendump whose bottom row shows the taskbar.
"""
import argparse
import time

import io_lib as L

ap = argparse.ArgumentParser()
ap.add_argument("--mode", choices=["shared", "private"], default="private")
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--memory", type=int, default=512)
ap.add_argument("--idle", type=float, default=15)
a = ap.parse_args()
img = L.Image(L.image_dir("office", variant=False))


def bottom_colours(g):
    # screendump without a format writes PPM (P6)
    p = g.dir + "/screen.ppm"
    g.qmp.cmd("screendump", filename=p)
    data = open(p, "rb").read()
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    px = parts[3]
    row = px[(h - 2) * w * 3:(h - 1) * w * 3]
    return len({row[i:i + 3] for i in range(0, len(row), 3)})


def desktop_ready(g, timeout=120):
    g.wait_console(r"office up after", timeout)
    deadline = time.monotonic() + timeout
    while bottom_colours(g) < 8:
        if time.monotonic() > deadline:
            raise TimeoutError("no taskbar")
        time.sleep(0.5)


t0 = time.monotonic()
t = L.Template("office-" + a.mode, img, shared=(a.mode == "shared"), vmgenid="auto", agent=False,
               memory=a.memory, ready=desktop_ready, settle=8)
L.log("office template: desktop drawn after %.1f s, saved in %.2f s; %s; cold guest at save: %s"
      % (t.boot_s, t.save_s, t.sizes(), L.fmt_pss(t.guest_pss_at_save)))
times = []
for i in range(a.runs):
    g = t.clone("office-t%d" % i)
    s = t.restore(g)
    n = bottom_colours(g)
    times.append(s)
    L.log("office restore %d: running after %.3f s, screen after %.3f s (bottom row %d colours)"
          % (i + 1, g.running_s, s, n))
    if i < a.runs - 1:
        g.kill()
L.log("RESULT office %s restore: median %.3f s of %d (%s)" % (a.mode, L.median(times), len(times),
                                                               ", ".join("%.3f" % x for x in times)))
time.sleep(a.idle)
L.log("RESULT office %s clone idle %.0f s: %s" % (a.mode, a.idle, L.fmt_pss(g.pss())))
g.kill()
