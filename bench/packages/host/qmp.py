#!/usr/bin/env python3
"""qmp.py <run dir> attach <node> <file> <serial> | screendump <file> | powerdown: hot-plugs a read-only raw
disk image as a virtio-blk device whose serial the guest reads (as guest.Restore plugs the data
disk: blockdev-add, then device_add), or saves the screen, and prints how long QEMU took."""
import json, socket, sys, time

run, what = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX)
s.connect(run + "/qmp.sock")
f = s.makefile("rwb")

def call(cmd, args=None):
    msg = {"execute": cmd}
    if args is not None:
        msg["arguments"] = args
    f.write(json.dumps(msg).encode() + b"\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            if "error" in r:
                raise SystemExit(f"{cmd}: {r['error']}")
            return r["return"]

json.loads(f.readline())
call("qmp_capabilities")
start = time.time()
if what == "attach":
    node, path, serial = sys.argv[3], sys.argv[4], sys.argv[5]
    call("blockdev-add", {"driver": "raw", "node-name": node, "read-only": True,
                          "file": {"driver": "file", "filename": path, "read-only": True}})
    call("device_add", {"driver": "virtio-blk-pci", "drive": node, "id": "dev-" + node, "serial": serial})
elif what == "powerdown":
    call("system_powerdown")
elif what == "screendump":
    call("screendump", {"filename": sys.argv[3]})
print(f"{what}: {time.time() - start:.3f}s in QMP")
