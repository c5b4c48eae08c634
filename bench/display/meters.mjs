// What bench.mjs reads around every workload besides the page's own WebSocket payloads: the
// bytes on the wire (through wireproxy.mjs) and the CPU time of the processes serving the
// viewers (from /proc).

import { fork, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts a counting proxy to 127.0.0.1:targetPort; resolves with { port, counters(), close() }.
 * With downBytesPerSecond, display connections get the server's bytes at most that fast.
 */
export function startWireProxy(targetPort, displayPath, downBytesPerSecond = 0) {
  const child = fork(path.join(here, "wireproxy.mjs"), [String(targetPort), displayPath.source, String(downBytesPerSecond)],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let next = 0;
  const waiting = new Map();
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.on("message", (m) => {
      if (m.port) {
        resolve({
          port: m.port,
          counters() {
            const id = ++next;
            return new Promise((res) => { waiting.set(id, res); child.send({ cmd: "counters", id }); });
          },
          close() { child.disconnect(); child.kill(); },
        });
      } else if (waiting.has(m.id)) {
        waiting.get(m.id)(m.counters);
        waiting.delete(m.id);
      }
    });
  });
}

let ticks = null;
const clockTicks = () => (ticks ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100);

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; null if gone. */
function stat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}
// Indices into stat()'s fields: utime, stime, cutime, cstime are the 14th-17th fields of the file.
const UTIME = 11, STIME = 12, CUTIME = 13, CSTIME = 14, PPID = 1;

/**
 * CPU-seconds (user + system, all threads) of a process; with `tree`, also of its living
 * descendants and of its children that ended and were waited for (websockify forks one child
 * per connection).
 */
function cpuSeconds(pid, tree) {
  const own = stat(pid);
  if (!own) return 0;
  let t = Number(own[UTIME]) + Number(own[STIME]);
  if (tree) {
    t += Number(own[CUTIME]) + Number(own[CSTIME]);
    const parents = new Map();
    for (const d of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      const s = stat(d);
      if (s) parents.set(Number(d), { ppid: Number(s[PPID]), t: Number(s[UTIME]) + Number(s[STIME]) });
    }
    const inTree = (p) => { for (let q = p; q > 1; q = parents.get(q)?.ppid ?? 0) if (q === pid) return true; return false; };
    for (const [p, e] of parents) if (p !== pid && inTree(p)) t += e.t;
  }
  return t / clockTicks();
}

/**
 * The process groups to sample: { name: { pids: [..], tree } }. sample() gives CPU-seconds so
 * far per group; since(before) the difference.
 */
export function cpuMeter(groups) {
  return {
    groups: Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.pids])),
    sample() {
      return Object.fromEntries(Object.entries(groups).map(([k, g]) =>
        [k, g.pids.reduce((a, pid) => a + cpuSeconds(pid, g.tree), 0)]));
    },
    since(before) {
      const now = this.sample();
      return Object.fromEntries(Object.keys(now).map((k) => [k, +(now[k] - before[k]).toFixed(3)]));
    },
  };
}
