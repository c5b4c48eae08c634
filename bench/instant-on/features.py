#!/usr/bin/env python3
"""What makes a clone a session of its own (experiments 4-7 of the instant-on spike), on one
template with vmgenid and the agent's virtio-serial port:

  4. vmgenid: clones with a new guid vs clones with the template's guid read /dev/urandom at once
     (serial shell) and count "crng reseeded due to virtual machine fork" in dmesg;
  5. hot-plugging the user's data disk (blockdev-add + device_add) and the agent mounting it;
  6. the agent channel across save/restore: the host connects to the clone's socket;
  7. the clock: guest vs host right after the restore, after hwclock -s, after date -s.

  bench/instant-on/features.py [--mode shared|private] [--age 30]
--age: seconds between saving the template and the first restore (the clock's offset).
"""
import argparse
import os
import re
import socket
import subprocess
import tempfile
import time

import io_lib as L

ap = argparse.ArgumentParser()
ap.add_argument("--mode", choices=["shared", "private"], default="shared")
ap.add_argument("--age", type=float, default=30)
a = ap.parse_args()

img = L.Image(L.image_dir("tiny"))
TGUID = "11111111-2222-4333-8444-555555555555"
def prepare(g):
    # vmgenid reseeds only an initialised crng ("crng init done"): wait for it (virtio-rng feeds
    # it at boot), then read once right before the save, so that the crng's last reseed is fresh
    # and a clone reading at once is within the reseed interval: without vmgenid it would then
    # repeat the template's stream.
    sh = g.shell()
    deadline = time.monotonic() + 60
    while True:
        out, _ = sh.run("dmesg | grep -c 'crng init done'; cut -d' ' -f1 /proc/uptime")
        if out.split()[0] != "0" or time.monotonic() > deadline:
            break
        time.sleep(1)
    L.log("template: crng init done lines: %s (uptime %s s)" % tuple(out.split()[:2]))
    sh.run("head -c 16 /dev/urandom > /dev/null")


t = L.Template("tiny-features-" + a.mode, img, shared=(a.mode == "shared"), vmgenid=TGUID, agent=True,
               prepare=prepare, settle=0)
L.log("template (%s, vmgenid guid %s) booted in %.2f s, saved in %.2f s; %s"
      % (a.mode, TGUID, t.boot_s, t.save_s, t.sizes()))
wait = a.age - (time.time() - t.saved_at)
if wait > 0:
    L.log("waiting %.0f s so that the template is %.0f s old" % (wait, a.age))
    time.sleep(wait)


def urandom_now(g):
    sh = g.shell()
    t0 = time.monotonic()
    out, _ = sh.run("head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n'; echo; "
                    "dmesg | grep -c 'crng reseeded due to virtual machine fork'")
    hexes = re.findall(r"^([0-9a-f]{32})$", out, re.M)
    counts = re.findall(r"^(\d+)$", out, re.M)
    return (hexes[-1] if hexes else "?" + out), (counts[-1] if counts else "?"), time.monotonic() - t0


class Agent:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.f = self.s.makefile("rwb", buffering=0)

    def line(self, timeout=10):
        self.s.settimeout(timeout)
        return self.f.readline().decode().strip()

    def ask(self, text, timeout=10):
        self.f.write((text + "\n").encode())
        return self.line(timeout)

    def close(self):
        self.s.close()


# ---- 4. vmgenid -------------------------------------------------------------------------------
L.log("--- 4. vmgenid")
rows = []
for name, guid in (("new-a", L.new_guid()), ("new-b", L.new_guid()), ("auto-c", "auto"),
                   ("same-d", TGUID), ("same-e", TGUID)):
    g = t.clone("vg-" + name, vmgenid=guid)
    t.restore(g)
    t0 = time.monotonic()
    ag = Agent(g.agent_path)
    ag.line()
    ua = ag.ask("urandom").split()[-1]
    dt_a = time.monotonic() - t0
    ra = ag.ask("reseeded").split()[-1]
    ag.close()
    qguid = g.qmp.cmd("query-vm-generation-id")["guid"]
    u, reseeded, dt = urandom_now(g)
    rows.append((name, guid, qguid, ua, ra))
    L.log("clone %-7s guid %-36s (QMP: %s): agent urandom %s (%.3f s after restore), reseed messages %s; "
          "serial shell urandom %s" % (name, guid, qguid, ua, dt_a, ra, u))
    g.kill()
by = {r[0]: r[3] for r in rows}
L.log("RESULT vmgenid: new guids differ: %s; same guid as template identical: %s"
      % (len({by["new-a"], by["new-b"], by["auto-c"]}) == 3, by["same-d"] == by["same-e"]))

# ---- 6. the agent channel, 7. the clock, 5. hot-plug: one clone -------------------------------
L.log("--- 6. agent channel")
g = t.clone("feat", vmgenid=L.new_guid())
t.restore(g)
t_restored = time.monotonic()


ag = Agent(g.agent_path)
hello = ag.line()
t_hello = time.monotonic()
L.log("agent: first line after connecting: %r, %.3f s after the restore" % (hello, t_hello - t_restored))
t0 = time.monotonic()
L.log("agent: ping -> %r in %.3f s" % (ag.ask("ping 1"), time.monotonic() - t0))
L.log("agent: urandom -> %r, reseeded -> %r" % (ag.ask("urandom"), ag.ask("reseeded")))
sh = g.shell()
out, _ = sh.run("for d in /sys/class/virtio-ports/*; do echo $d $(cat $d/name); done; ls -l /dev/vport*")
L.log("guest: virtio ports:\n  " + out.replace("\n", "\n  "))

L.log("--- 7. clock")


def offset(cmd):
    t0 = time.time()
    r = ag.ask(cmd)
    t1 = time.time()
    guest = int(r.split()[1])
    return guest - (t0 + t1) / 2, r


off, r = offset("clock")
L.log("RESULT clock right after restore: guest - host = %.1f s (template saved %.0f s ago)"
      % (off, time.time() - t.saved_at))
out, _ = sh.run("hwclock -r -u; date")
L.log("guest hwclock -r / date: %s" % out.replace("\n", " | "))
off, r = offset("hctosys")
L.log("RESULT clock after hwclock -s -u: guest - host = %.1f s" % off)
off, r = offset("settime %d" % round(time.time()))
L.log("RESULT clock after date -s @<host epoch>: guest - host = %.1f s" % off)

L.log("--- 5. hot-plug of the data disk")
d = os.path.join(L.WORK, "clones")
data = os.path.join(d, "data-user1.qcow2")
with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, "root"))
    open(os.path.join(tmp, "root", "hello-user1.txt"), "w").write("user1's file\n")
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-L", "ventana-data", "-d", os.path.join(tmp, "root"),
                    os.path.join(tmp, "d.raw"), "64M"], check=True)
    subprocess.run(["qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", os.path.join(tmp, "d.raw"), data],
                   check=True)
t0 = time.monotonic()
g.qmp.cmd("blockdev-add", **{"driver": "qcow2", "node-name": "data",
                             "file": {"driver": "file", "filename": data}})
t1 = time.monotonic()
g.qmp.cmd("device_add", **{"driver": "virtio-blk-pci", "drive": "data", "id": "datadisk"})
t2 = time.monotonic()
r = ag.ask("mount", timeout=30)
t3 = time.monotonic()
L.log("hot-plug: blockdev-add %.3f s, device_add %.3f s, agent mount reply after %.3f s: %r"
      % (t1 - t0, t2 - t1, t3 - t2, r))
L.log("RESULT hot-plug: data disk mounted %.2f s after blockdev-add" % (t3 - t0))
out, _ = sh.run("dmesg | grep -iE 'vdb|virtio_blk|pci 0000:00:0' | tail -5; cat /data/hello-user1.txt; "
                "ls /sys/bus/pci/slots 2>/dev/null | tr '\\n' ' '")
L.log("guest:\n  " + out.replace("\n", "\n  "))
L.log("hostname: %r" % ag.ask("hostname clone-feat"))
L.log("--- 6b. the host disconnects and connects again")
ag.close()
time.sleep(0.5)
ag = Agent(g.agent_path)
t0 = time.monotonic()
try:
    first = ag.line(timeout=5)
    L.log("RESULT agent reconnect: %r after %.3f s; ping -> %r" % (first, time.monotonic() - t0, ag.ask("ping 2", 5)))
except (socket.timeout, TimeoutError):
    out, _ = sh.run("for p in /proc/[0-9]*; do grep -q ventana-agent $p/cmdline 2>/dev/null && echo ${p#/proc/} $(cat $p/wchan); done")
    L.log("RESULT agent reconnect: nothing within 5 s (agent pid and wait channel: %s)" % out.replace("\n", "; "))
ag.close()
g.kill()
