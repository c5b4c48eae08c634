#!/usr/bin/env python3
"""guest.py: talks to a guest booted by tiny-packages.sh (its sockets in <run dir>).

  guest.py console <run> <command> [timeout s]  runs one command in the root shell on the serial
      console; prints its output and a last line [rc=<status>]
  guest.py agent <run> <line> [timeout s]       says HELLO on the guest channel, waits for READY,
      sends the line (SESSION ..., PACKAGE-SCAN, PACKAGE-SEAL ...), prints the guest's answer
  guest.py wait <run> <text> [timeout s]        waits for the text in the serial console's log
  guest.py qmp <run> <command>                  runs one QMP command: a name (system_powerdown), or
      a whole {"execute": ..., "arguments": ...} object
"""
import json
import re, socket, sys, time


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.settimeout(0.5)
    return s


def read_until(s, pattern, deadline):
    buf = b""
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            break
        buf += chunk
        if re.search(pattern, buf):
            return buf
    raise SystemExit("timeout; so far:\n" + buf.decode(errors="replace")[-3000:])


def console(run, command, timeout):
    s = connect(run + "/serial.sock")
    # The markers are printed with %s so that the shell's echo of the command cannot contain them.
    s.sendall(b"\nstty -echo; PS1=; printf '@@%s@@\\n' SYNC\n")
    read_until(s, rb"@@SYNC@@", time.time() + 60)
    s.sendall(command.encode() + b" 2>&1; printf '\\n@@%s@@%d@@\\n' DONE \"$?\"\n")
    out = read_until(s, rb"@@DONE@@\d+@@", time.time() + timeout).decode(errors="replace")
    body, _, tail = out.rpartition("@@DONE@@")
    # The command's own output, without the kernel's and the init's lines on the same console.
    lines = [l for l in body.replace("\r", "").split("\n")
             if l.strip() and not re.match(r"^\[ *\d+\.\d+\]", l) and "@@" not in l and command not in l]
    print("\n".join(lines))
    print("[rc=%s]" % tail.split("@@")[0])


def agent(run, line, timeout):
    s = connect(run + "/agent.sock")
    deadline = time.time() + timeout
    # The agent said READY at start, to nobody: HELLO asks again.
    while True:
        s.sendall(b"HELLO\n")
        try:
            read_until(s, rb"READY", time.time() + 2)
            break
        except SystemExit:
            if time.time() > deadline:
                raise
    s.sendall(line.encode() + b"\n")
    # The answer's last line; PACKAGE-SCAN's PACKAGE-ENTRY lines come before it and are printed too.
    last = rb"(SESSION-(STARTED|FAILED)|PACKAGE-(SCANNED|SEALED|FAILED)|UNKNOWN)[^\n]*\n"
    out = read_until(s, last, deadline).decode()
    for l in out.split("\n"):
        if re.match(r"(SESSION-|PACKAGE-|UNKNOWN)", l):
            print(l)


def wait(run, text, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(run + "/console.log", errors="replace") as f:
            if text in f.read():
                return
        time.sleep(0.2)
    raise SystemExit("timeout waiting for %r on the serial console" % text)


def qmp(run, command, timeout):
    s = connect(run + "/qmp.sock")
    f = s.makefile("rw")
    s.settimeout(timeout)
    f.readline()
    for c in ("qmp_capabilities", command):
        f.write((c if c.startswith("{") else json.dumps({"execute": c})) + "\n"); f.flush()
        while True:
            r = json.loads(f.readline())
            if "return" in r or "error" in r:
                break
    print(json.dumps(r))
    if "error" in r:
        sys.exit(1)


what, run, arg = sys.argv[1], sys.argv[2], sys.argv[3]
t = float(sys.argv[4]) if len(sys.argv) > 4 else 120
{"console": console, "agent": agent, "wait": wait, "qmp": qmp}[what](run, arg, t)
