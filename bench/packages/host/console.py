#!/usr/bin/env python3
"""console.py <run dir> <command> [timeout s]: runs one command in the guest's root shell on the
serial console and prints its output, its exit status and how long it took (wall clock on the host,
QEMU under TCG). The shell's echo is turned off first; the end is a marker the echo cannot contain."""
import socket, sys, time

run, command = sys.argv[1], sys.argv[2]
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 600
s = socket.socket(socket.AF_UNIX)
s.connect(run + "/serial.sock")
s.settimeout(1.0)

def drain(until, deadline):
    buf = b""
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        buf += chunk
        if until in buf:
            return buf
    raise SystemExit("timeout waiting for the guest; so far:\n" + buf.decode(errors="replace")[-3000:])

s.sendall(b"\nstty -echo; PS1=; export TERM=dumb; printf '@@%s@@\\n' SYNC\n")
drain(b"@@SYNC@@", time.time() + 120)
start = time.time()
# One line: a second line typed ahead would wait in the terminal's input, where the command
# itself (apt-get, dpkg) may read it.
s.sendall(command.encode() + b"; printf '\\n@@%s@@%d@@\\n' DONE \"$?\"\n")
out = drain(b"@@DONE@@", start + timeout)
elapsed = time.time() - start
import re
while not re.search(rb"@@DONE@@\d+@@", out):
    try:
        out += s.recv(65536)
    except socket.timeout:
        pass
text = out.decode(errors="replace")
body, _, tail = text.rpartition("@@DONE@@")
rc = tail.split("@@")[0]
sys.stdout.write(body.replace("\r", "").strip("\n") + "\n")
print(f"[rc={rc} {elapsed:.2f}s]")
