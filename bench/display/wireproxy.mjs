// A counting TCP proxy between Chromium and one viewer's server (Ventana's server, or websockify):
// the bytes on the wire each way, after any WebSocket compression (the proxy forwards TCP
// payload untouched, so the browser's permessage-deflate offer and the server's answer pass
// through as they are). Not counted: TCP/IP headers.
//
// Run as a child of bench.mjs (child_process.fork), which asks it for its counters over IPC:
//   node wireproxy.mjs TARGET_PORT DISPLAY_PATH_REGEX [DOWN_BYTES_PER_SECOND]
// With a rate (bench/hostile: a viewer on a slow link), the display connections' bytes from the
// server reach the browser at most that fast, in slices every 50 ms; the proxy stops reading the
// server's socket while more than 64 KiB wait, so the server sees a slow reader, as it would
// behind a real slow link (the kernel's socket buffers still take what they take).
// It listens on a free port of 127.0.0.1, sends {port}, and answers {cmd: "counters"} with
// cumulative {all, display}: bytes down (server to browser) and up, and connections, for every
// connection and for those whose first request line asks for the display's WebSocket path, and
// the extensions (permessage-deflate) the server accepted on the last of those.
// A separate process, so that Playwright's work in bench.mjs never delays a forwarded byte.

import net from "node:net";

const [targetPort, displayPath, rateArg] = process.argv.slice(2);
const downRate = Number(rateArg) || 0;
const SLICE_MS = 50, HIGH_WATER = 64 * 1024, LOW_WATER = 16 * 1024;
if (!targetPort || !displayPath || !process.send) {
  console.error("usage: fork(wireproxy.mjs, [TARGET_PORT, DISPLAY_PATH_REGEX]) from bench.mjs");
  process.exit(2);
}
const isDisplay = new RegExp(displayPath);
const counters = { all: { down: 0, up: 0, connections: 0 }, display: { down: 0, up: 0, connections: 0 } };

const server = net.createServer((client) => {
  client.setNoDelay(true);
  const upstream = net.connect({ host: "127.0.0.1", port: Number(targetPort) });
  upstream.setNoDelay(true);
  counters.all.connections++;
  let display = null; // decided on the first bytes from the browser: its request line
  client.on("data", (chunk) => {
    if (display === null) {
      const line = chunk.subarray(0, Math.min(chunk.length, 512)).toString("latin1").split("\r\n")[0];
      display = isDisplay.test(line);
      if (display) counters.display.connections++;
    }
    counters.all.up += chunk.length;
    if (display) counters.display.up += chunk.length;
    if (!upstream.write(chunk)) client.pause();
  });
  let answered = false;
  upstream.on("data", (chunk) => {
    if (display && !answered) {
      // The server's answer to the upgrade: which WebSocket extensions it accepted (compression).
      answered = true;
      const head = chunk.toString("latin1").split("\r\n\r\n")[0];
      counters.display.extensions = (head.match(/^sec-websocket-extensions:\s*(.*)$/im) || [null, ""])[1];
    }
    counters.all.down += chunk.length;
    if (display) counters.display.down += chunk.length;
    if (display && downRate > 0) {
      throttled.push(chunk);
      throttledBytes += chunk.length;
      if (throttledBytes > HIGH_WATER) upstream.pause();
      return;
    }
    if (!client.write(chunk)) upstream.pause();
  });
  // The rate-limited way down: a slice of the waiting bytes every SLICE_MS.
  const throttled = [];
  let throttledBytes = 0;
  const ticker = downRate > 0 ? setInterval(() => {
    let budget = Math.max(1, Math.round((downRate * SLICE_MS) / 1000));
    while (budget > 0 && throttled.length > 0) {
      const head = throttled[0];
      const part = head.length <= budget ? throttled.shift() : head.subarray(0, budget);
      if (part !== head) throttled[0] = head.subarray(budget);
      budget -= part.length;
      throttledBytes -= part.length;
      client.write(part);
    }
    if (display && throttledBytes < LOW_WATER && !client.destroyed) upstream.resume();
  }, SLICE_MS) : null;
  upstream.on("drain", () => client.resume());
  client.on("drain", () => upstream.resume());
  const close = () => { if (ticker) clearInterval(ticker); client.destroy(); upstream.destroy(); };
  client.on("close", close);
  upstream.on("close", close);
  client.on("error", close);
  upstream.on("error", close);
});

server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (m) => {
  if (m?.cmd === "counters") process.send({ id: m.id, counters });
});
process.on("disconnect", () => process.exit(0));
