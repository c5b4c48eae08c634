"""Shared helpers of the instant-on spike (bench/instant-on/*.py): QEMU with the session host's
device set (session-host/.../QemuCommand.java), QMP, the serial root shell, templates and clones.

Everything lives under build/instant-on/ (ignored by git); every QEMU this module starts is
killed when the script exits, even on an error.
"""
import atexit
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
IMAGES = os.environ.get("VENTANA_IMAGES_DIR", os.path.join(REPO, "build", "images"))
WORK = os.environ.get("INSTANT_ON_WORK", os.path.join(REPO, "build", "instant-on"))
QEMU = "qemu-system-x86_64"

_started = []


def _cleanup():
    for q in list(_started):
        q.kill()


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


def log(*a):
    print(*a, flush=True)


def median(xs):
    return statistics.median(xs)


def image_dir(name="tiny", variant=True):
    """The spike variant of an image (see variant.sh) when present, else the built version."""
    v = os.path.join(WORK, name + "-spike")
    if variant and os.path.exists(os.path.join(v, "base.qcow2")):
        return v
    return os.path.realpath(os.path.join(IMAGES, name, "current"))


class Image:
    def __init__(self, d):
        self.dir = d
        self.kernel = os.path.join(d, "vmlinuz")
        self.initrd = os.path.join(d, "initrd.gz")
        self.base = os.path.join(d, "base.qcow2")
        self.cmdline = open(os.path.join(d, "cmdline")).read().strip()


def overlay(path, backing):
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", os.path.abspath(backing), "-F", "qcow2", path],
                   check=True)


class Qmp:
    def __init__(self, path, timeout=10.0, alive=lambda: True):
        deadline = time.monotonic() + timeout
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
                if time.monotonic() > deadline or not alive():
                    raise RuntimeError("no QMP at " + path)
                time.sleep(0.002)
        self.sock = s
        self.f = s.makefile("rwb", buffering=0)
        self.events = []
        json.loads(self.f.readline())  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.f.write((json.dumps(msg) + "\n").encode())
        while True:
            line = self.f.readline()
            if not line:
                raise RuntimeError("QMP closed during " + name)
            r = json.loads(line)
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise RuntimeError("%s: %s" % (name, r["error"].get("desc")))
            return r.get("return")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Serial:
    """The guest's root shell on ttyS0 through the chardev socket."""

    def __init__(self, path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.005)
        self.sock = s
        self.buf = b""
        self.n = 0

    def read_until(self, pattern, timeout=20.0):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.buf)
            if m:
                out = self.buf[:m.end()]
                self.buf = self.buf[m.end():]
                return out, m
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("serial: no %r in %r" % (pattern, self.buf[-300:]))
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not d:
                raise RuntimeError("serial closed")
            self.buf += d

    def run(self, command, timeout=20.0):
        """Runs a shell command, returns its output (stdout and stderr) as text."""
        self.n += 1
        tag = "Q%dE" % self.n
        # The marker as typed ('Q"1E') differs from what echo prints (Q1E): the tty echo of the
        # command line never matches.
        start = "Q%dS" % self.n
        self.sock.sendall(("echo \"@@%s\"; %s; echo \"@@%s\"$?\n"
                           % (start.replace("S", "\"\"S"), command, tag.replace("E", "\"\"E"))).encode())
        out, m = self.read_until(rb"@@" + tag.encode() + rb"(\d+)\r?\n", timeout)
        text = out.decode(errors="replace").replace("\r", "")
        # Between the printed start and end markers: the tty's echo of the command (which the
        # line editor may wrap anywhere) holds them only in their typed, quoted form.
        i = text.rfind("@@" + start + "\n")
        body = text[i + len(start) + 3:] if i >= 0 else text.split("\n", 1)[-1]
        body = body[:body.rfind("@@" + tag)]
        return body.strip("\n"), int(m.group(1))

    def send(self, text):
        self.sock.sendall(text.encode())

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Guest:
    """One QEMU process with the session host's device set (QemuCommand.java), plus options."""

    def __init__(self, name, image, disk, memory=256, vcpus=1, mem_file=None, mem_share=None,
                 vmgenid=None, agent=False, incoming=None, extra=(), rng=None, accel="tcg"):
        self.name = name
        self.dir = os.path.join(WORK, "run", name)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.image = image
        self.disk = disk
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        self.serial_path = os.path.join(self.dir, "serial.sock")
        self.agent_path = os.path.join(self.dir, "agent.sock")
        self.console_log = os.path.join(self.dir, "console.log")
        a = [QEMU, "-name", "guest=%s,process=ventana-%s" % (name, name), "-accel", accel,
             "-m", "%dM" % memory, "-smp", str(vcpus), "-nodefaults", "-vga", "std",
             "-kernel", image.kernel, "-initrd", image.initrd, "-append", image.cmdline,
             "-drive", "file=%s,format=qcow2,if=virtio,id=system" % disk,
             "-device", "virtio-tablet-pci", "-display", "none",
             "-vnc", "unix:" + os.path.join(self.dir, "vnc.sock"),
             "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
             "-chardev", "socket,id=serial0,path=%s,server=on,wait=off,logfile=%s,logappend=on"
             % (self.serial_path, self.console_log),
             "-serial", "chardev:serial0", "-pidfile", os.path.join(self.dir, "qemu.pid")]
        if mem_file:
            a += ["-object", "memory-backend-file,id=mem,size=%dM,mem-path=%s,share=%s"
                  % (memory, mem_file, "on" if mem_share else "off"),
                  "-machine", "memory-backend=mem"]
        if vmgenid:
            a += ["-device", "vmgenid,guid=%s" % vmgenid]
        # The host's entropy for the guest's random generator at boot (virtio-rng): without it the
        # tiny guest's crng is not initialised for minutes under TCG (no RDRAND in qemu64), and an
        # uninitialised crng ignores vmgenid's reseed. Part of the "full" device set, with the agent.
        if agent if rng is None else rng:
            a += ["-object", "rng-random,id=rng0,filename=/dev/urandom", "-device", "virtio-rng-pci,rng=rng0"]
        if agent:
            a += ["-device", "virtio-serial-pci,id=vser0",
                  "-chardev", "socket,id=agent0,path=%s,server=on,wait=off" % self.agent_path,
                  "-device", "virtserialport,bus=vser0.0,chardev=agent0,name=dev.ventana.agent"]
        if incoming:
            a += ["-incoming", incoming]
        a += list(extra)
        self.argv = a
        self.proc = None
        self.qmp = None
        self.serial = None

    def start(self):
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(self.dir, "qemu.log"), "wb"),
                                     stderr=subprocess.STDOUT)
        _started.append(self)
        try:
            self.qmp = Qmp(self.qmp_path, alive=lambda: self.proc.poll() is None)
        except RuntimeError as e:
            time.sleep(0.1)
            raise RuntimeError("%s: %s; QEMU says: %s" % (self.name, e, self.qemu_log()[-400:]))
        return self

    @property
    def pid(self):
        return self.proc.pid

    def qemu_log(self):
        try:
            return open(os.path.join(self.dir, "qemu.log")).read().strip()
        except OSError:
            return ""

    def wait_console(self, pattern, timeout=60.0):
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while time.monotonic() < deadline:
            try:
                t = open(self.console_log, errors="replace").read()
                if rx.search(t):
                    return t
            except FileNotFoundError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("QEMU exited: " + self.qemu_log())
            time.sleep(0.05)
        raise TimeoutError("console: no %r" % pattern)

    def shell(self):
        if self.serial is None:
            self.serial = Serial(self.serial_path)
        return self.serial

    def status(self):
        return self.qmp.cmd("query-status")["status"]

    def wait_running(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = self.status()
            if st == "running":
                return
            if st in ("inmigrate", "prelaunch", "restore-vm", "paused", "finish-migrate", "postmigrate"):
                pass
            else:
                raise RuntimeError("status " + st)
            if self.proc.poll() is not None:
                raise RuntimeError("QEMU exited: " + self.qemu_log())
            time.sleep(0.002)
        raise TimeoutError("not running; migration: %s" % self.qmp.cmd("query-migrate"))

    def screendump(self, name="screen.png"):
        p = os.path.join(self.dir, name)
        self.qmp.cmd("screendump", filename=p, format="png")
        return p

    def pss(self):
        """smaps_rollup of the QEMU process, in MiB."""
        r = {}
        for line in open("/proc/%d/smaps_rollup" % self.pid):
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                r[parts[0].rstrip(":")] = int(parts[1]) / 1024.0
        return r

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                if self.qmp is None:
                    raise RuntimeError()
                self.qmp.cmd("quit")
            except Exception:
                pass
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _started:
            _started.remove(self)
        for c in (self.qmp, self.serial):
            if c:
                c.close()


READY = r"up after [0-9.]+s"


def boot_ready(g, timeout=90.0):
    """Waits for the tiny guest's 'up after' line, then for its serial shell to answer."""
    g.wait_console(READY, timeout)
    sh = g.shell()
    deadline = time.monotonic() + 30
    while True:
        try:
            out, rc = sh.run("echo shell-ok", timeout=3)
            if "shell-ok" in out:
                return
        except TimeoutError:
            if time.monotonic() > deadline:
                raise


class Template:
    """A guest booted once, paused, its state migrated to <dir>/state; its disk layer frozen."""

    def __init__(self, name, image, shared, vmgenid=None, agent=True, memory=256, mem_dir=None,
                 prepare=None, settle=3.0, ready=boot_ready):
        self.name = name
        self.image = image
        self.shared = shared
        self.vmgenid = vmgenid
        self.agent = agent
        self.memory = memory
        self.dir = os.path.join(WORK, "templates", name)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.disk = os.path.join(self.dir, "template.qcow2")
        self.state = os.path.join(self.dir, "state")
        self.mem_file = os.path.join(mem_dir or self.dir, "memory-%s" % name) if shared else None
        overlay(self.disk, image.base)
        g = Guest("tmpl-" + name, image, self.disk, memory=memory, mem_file=self.mem_file, mem_share=True,
                  vmgenid=vmgenid, agent=agent)
        t0 = time.monotonic()
        g.start()
        ready(g)
        self.boot_s = time.monotonic() - t0
        if prepare:
            prepare(g)
        time.sleep(settle)
        if g.serial:
            g.serial.close()
            g.serial = None
        t1 = time.monotonic()
        g.qmp.cmd("stop")
        if shared:
            g.qmp.cmd("migrate-set-capabilities",
                      capabilities=[{"capability": "x-ignore-shared", "state": True}])
        g.qmp.cmd("migrate", uri="exec:cat > " + self.state)
        while True:
            m = g.qmp.cmd("query-migrate")
            if m.get("status") == "completed":
                break
            if m.get("status") in ("failed", "cancelled"):
                raise RuntimeError("template migration: %s" % m)
            time.sleep(0.01)
        self.save_s = time.monotonic() - t1
        self.saved_at = time.time()
        self.guest_pss_at_save = g.pss()
        g.kill()
        # The frozen layer: nothing may write it again (clones only read it as a backing file).
        os.chmod(self.disk, 0o444)
        self.argv = g.argv

    def sizes(self):
        r = {"state_MiB": os.path.getsize(self.state) / 2**20,
             "disk_layer_MiB": os.path.getsize(self.disk) / 2**20}
        if self.mem_file:
            st = os.stat(self.mem_file)
            r["memory_file_MiB"] = st.st_size / 2**20
            r["memory_file_allocated_MiB"] = st.st_blocks * 512 / 2**20
        return r

    def clone(self, name, vmgenid=None, agent=None, share_memory=True, extra=()):
        """A clone guest (not started): its own overlay over the template's layer, -incoming defer."""
        d = os.path.join(WORK, "clones")
        os.makedirs(d, exist_ok=True)
        disk = os.path.join(d, name + ".qcow2")
        if os.path.exists(disk):
            os.remove(disk)
        overlay(disk, self.disk)
        g = Guest(name, self.image, disk, memory=self.memory,
                  mem_file=self.mem_file if self.shared else None, mem_share=False,
                  vmgenid=vmgenid if vmgenid else self.vmgenid,
                  agent=self.agent if agent is None else agent, incoming="defer", extra=extra)
        return g

    def restore(self, g):
        """Starts a clone and returns the seconds from QEMU's start to running + one screendump."""
        g.start()
        try:
            if self.shared:
                g.qmp.cmd("migrate-set-capabilities",
                          capabilities=[{"capability": "x-ignore-shared", "state": True}])
            g.qmp.cmd("migrate-incoming", uri="exec:cat " + self.state)
            # The template was paused when it was saved, and an incoming migration ends in the
            # source's run state: the clone stays paused until "cont" (a plain migrate of a running
            # guest would resume it by itself).
            deadline = time.monotonic() + 60
            while True:
                st = g.status()
                if st == "running":
                    break
                if st == "paused" and g.qmp.cmd("query-migrate").get("status") == "completed":
                    g.t_loaded = time.monotonic() - g.t0
                    g.qmp.cmd("cont")
                    continue
                if st not in ("inmigrate", "prelaunch", "restore-vm", "paused"):
                    raise RuntimeError("status " + st)
                if time.monotonic() > deadline:
                    raise TimeoutError("not running: %s, migration %s" % (st, g.qmp.cmd("query-migrate")))
                time.sleep(0.002)
        except Exception as e:
            time.sleep(0.2)
            raise RuntimeError("%s: restore failed: %s; QEMU says: %s" % (g.name, e, g.qemu_log()[-600:]))
        t_run = time.monotonic() - g.t0
        g.screendump()
        t = time.monotonic() - g.t0
        g.restore_s = t
        g.running_s = t_run
        return t


def cold_boot(name, image, memory=256, agent=False, vmgenid=None, accel="tcg"):
    d = os.path.join(WORK, "clones")
    os.makedirs(d, exist_ok=True)
    disk = os.path.join(d, name + ".qcow2")
    if os.path.exists(disk):
        os.remove(disk)
    overlay(disk, image.base)
    return Guest(name, image, disk, memory=memory, agent=agent, vmgenid=vmgenid, accel=accel)


def fmt_pss(p):
    return "Pss %.1f MiB (anon %.1f, file %.1f, shmem %.1f), Rss %.1f MiB" % (
        p.get("Pss", 0), p.get("Pss_Anon", 0), p.get("Pss_File", 0), p.get("Pss_Shmem", 0), p.get("Rss", 0))


def load_avg():
    return open("/proc/loadavg").read().split()[0]


def new_guid():
    return str(uuid.uuid4())


def make_data_disk(path, files):
    """A user's data disk as the session host makes it: qcow2 over ext4 labelled ventana-data."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "root")
        os.makedirs(root)
        for name, text in files.items():
            open(os.path.join(root, name), "w").write(text)
        subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-L", "ventana-data", "-d", root,
                        os.path.join(tmp, "d.raw"), "64M"], check=True)
        if os.path.exists(path):
            os.remove(path)
        subprocess.run(["qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", os.path.join(tmp, "d.raw"), path],
                       check=True)
    return path
