#!/usr/bin/env python3
"""The disk chain of instant-on (experiment 3): base <- template layer (frozen) <- clone overlay.

  bench/instant-on/disk_chain.py [--mode private|shared]

1. two clones write a file each: neither sees the other's, the template layer's sha256 does not change;
2. a writer on the template layer (e.g. the template resumed) while a clone starts: QEMU's image lock;
3. the wrong chain: a clone overlay straight on the base (skipping the template layer) after the
   template wrote a file: what the clone sees once its page cache is dropped.
"""
import argparse
import hashlib
import os
import subprocess
import time

import io_lib as L

ap = argparse.ArgumentParser()
ap.add_argument("--mode", choices=["shared", "private"], default="private")
a = ap.parse_args()
img = L.Image(L.image_dir("tiny"))


def prepare(g):
    # The template writes a file of its own, as a real image's boot writes logs and state.
    out, rc = g.shell().run("dd if=/dev/urandom of=/root/template-file bs=1k count=512 2>/dev/null; "
                            "md5sum /root/template-file; sync")
    L.log("template wrote: " + out)


t = L.Template("tiny-chain-" + a.mode, img, shared=(a.mode == "shared"), vmgenid="auto", agent=True,
               prepare=prepare)
sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()[:16]
before = sha(t.disk)
L.log("template layer %s sha256 %s, %.1f MiB" % (t.disk, before, os.path.getsize(t.disk) / 2**20))

L.log("--- 1. two clones")
ga, gb = t.clone("chain-a"), t.clone("chain-b")
t.restore(ga)
t.restore(gb)
info = subprocess.run(["qemu-img", "info", "-U", "--backing-chain", ga.disk], capture_output=True, text=True).stdout
L.log("chain of a clone: " + " <- ".join(reversed([l.split(": ", 1)[1] for l in info.splitlines()
                                                    if l.startswith("image:")])))
for g, other in ((ga, "b"), (gb, "a")):
    me = g.name[-1]
    g.shell().run("echo %s > /root/only-%s; sync" % (me, me))
for g, other in ((ga, "b"), (gb, "a")):
    out, _ = g.shell().run("ls /root | tr '\\n' ' '; md5sum /root/template-file")
    L.log("clone %s sees: %s" % (g.name, out))
ga.kill(); gb.kill()
after = sha(t.disk)
L.log("RESULT template layer unchanged after two clones wrote: %s (%s -> %s); clone overlays %.2f, %.2f MiB"
      % (before == after, before, after, os.path.getsize(ga.disk) / 2**20, os.path.getsize(gb.disk) / 2**20))

L.log("--- 2. a writer on the template layer while a clone starts")
os.chmod(t.disk, 0o644)
w = L.Guest("chain-writer", img, t.disk, memory=64, extra=["-S"])
w.start()
g = t.clone("chain-c")
try:
    t.restore(g)
    L.log("RESULT clone started beside a writer of its template layer (no lock protection!)")
except Exception as e:
    time.sleep(0.2)
    L.log("RESULT clone refused beside a writer of its template layer: %s | %s" % (e, g.qemu_log()[-300:]))
g.kill(); w.kill()
os.chmod(t.disk, 0o444)
L.log("template layer unchanged: %s" % (sha(t.disk) == before))

L.log("--- 3. the wrong chain: clone overlay on the base, not on the template layer")
g = t.clone("chain-wrong")
os.remove(g.disk)
L.overlay(g.disk, img.base)
try:
    t.restore(g)
    sh = g.shell()
    out, _ = sh.run("md5sum /root/template-file; echo 3 > /proc/sys/vm/drop_caches; ls -la /root; "
                    "md5sum /root/template-file; dmesg | grep -iE 'ext4|error' | tail -5")
    L.log("RESULT wrong chain, clone sees:\n  " + out.replace("\n", "\n  "))
except Exception as e:
    L.log("RESULT wrong chain: %s | %s" % (e, g.qemu_log()[-300:]))
g.kill()

L.log("--- 4. the data disk on the clone's command line instead of hot-plugged")
data = L.make_data_disk(os.path.join(L.WORK, "clones", "data-cmdline.qcow2"), {"hello.txt": "hi\n"})
g = t.clone("chain-cmdline", extra=["-drive", "file=%s,format=qcow2,if=virtio,id=data" % data])
try:
    t.restore(g)
    out, _ = g.shell().run("ls /dev/vd*; cat /proc/partitions | tail -3; ls /sys/bus/pci/devices | tr '\\n' ' '")
    L.log("RESULT data disk on the command line of a clone: restored; guest sees:\n  " + out.replace("\n", "\n  "))
except Exception as e:
    L.log("RESULT data disk on the command line of a clone: %s" % e)
g.kill()
