// A bare WebSocket client on node:net for the hostile viewers of bench/hostile: it speaks the
// display protocol (docs/protocol.md) from a script, and unlike a browser it can refuse to
// acknowledge frames, stop reading its socket, or send input as fast as the socket takes it.
// Node 20 has no WebSocket client of its own, and this needs no package.
//
//   const c = await connect("ws://127.0.0.1:8080/ws/display?ticket=...", { origin });
//   c.onMessage = (buf) => ...; c.send(bytes) -> false when the socket's buffer is full;
//   c.closed -> Promise<{ code, reason, at }> (code 1006 when the socket dropped without a close)

import net from "node:net";
import crypto from "node:crypto";

const OP_CONT = 0, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9, OP_PONG = 10;

/** Opens a WebSocket; resolves once the server answered 101. */
export function connect(url, { origin } = {}) {
  const u = new URL(url);
  const socket = net.connect({ host: u.hostname, port: Number(u.port) });
  socket.setNoDelay(true);
  const key = crypto.randomBytes(16).toString("base64");
  const client = {
    socket, onMessage: () => {}, received: { messages: 0, bytes: 0 }, sent: { messages: 0, bytes: 0 },
    send(payload) { if (socket.writableEnded || socket.destroyed) return false; this.sent.messages++; this.sent.bytes += payload.length; return socket.write(frame(OP_BINARY, payload)); },
    close(code = 1000) { const b = Buffer.alloc(2); b.writeUInt16BE(code); socket.write(frame(OP_CLOSE, b)); socket.end(); },
    destroy() { socket.destroy(); },
  };
  let closeInfo = null;
  // When the server's close frame, its FIN and a reset came: tells a close the server sent but a
  // flooding client never read apart from one it never sent.
  client.events = {};
  client.closed = new Promise((resolve) => {
    socket.on("close", () => resolve(closeInfo ?? { code: 1006, reason: "", at: Date.now() }));
  });
  socket.on("end", () => { client.events.endAt ??= Date.now(); });
  socket.on("error", (e) => { client.events.error ??= { code: e.code, at: Date.now() }; });
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let open = false;
    let parts = [];
    socket.once("connect", () => {
      socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
        (origin ? `Origin: ${origin}\r\n` : "") + "\r\n");
    });
    socket.once("close", () => { if (!open) reject(new Error("closed before the handshake")); });
    socket.on("data", (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      if (!open) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.subarray(0, end).toString("latin1");
        if (!/^HTTP\/1\.1 101/.test(head)) { socket.destroy(); reject(new Error(head.split("\r\n")[0])); return; }
        open = true;
        buf = buf.subarray(end + 4);
        resolve(client);
      }
      // Server frames are unmasked.
      for (;;) {
        if (buf.length < 2) return;
        const fin = (buf[0] & 0x80) !== 0, op = buf[0] & 0x0f;
        let len = buf[1] & 0x7f, off = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (op === OP_CLOSE) {
          closeInfo = { code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
            reason: payload.subarray(2).toString("utf8"), at: Date.now() };
          client.events.closeFrameAt ??= closeInfo.at;
          socket.end(frame(OP_CLOSE, payload.subarray(0, 2))); // the close handshake's answer (RFC 6455, 5.5.1)
        } else if (op === OP_PING) {
          socket.write(frame(OP_PONG, payload));
        } else if (op === OP_BINARY || op === OP_CONT) {
          parts.push(Buffer.from(payload));
          if (fin) {
            const m = parts.length === 1 ? parts[0] : Buffer.concat(parts);
            parts = [];
            client.received.messages++;
            client.received.bytes += m.length;
            client.onMessage(m);
          }
        }
      }
    });
  });
}

/** A masked (client-to-server) frame. */
function frame(op, payload) {
  const mask = crypto.randomBytes(4);
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | op, 0x80 | n])
    : n < 65536 ? Buffer.from([0x80 | op, 0x80 | 126, n >> 8, n & 0xff])
      : Buffer.concat([Buffer.from([0x80 | op, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  const body = Buffer.alloc(n);
  for (let i = 0; i < n; i++) body[i] = payload[i] ^ mask[i & 3];
  return Buffer.concat([head, mask, body]);
}

// Display protocol v1 messages (docs/protocol.md, "Browser to host").
export const msg = {
  hello: (flags = 0) => Buffer.from([0x81, 1, flags]),
  key: (down, code) => { const b = Buffer.alloc(4); b[0] = 0x82; b[1] = down ? 1 : 0; b.writeUInt16BE(code, 2); return b; },
  pointer: (x, y, buttons = 0) => { const b = Buffer.alloc(6); b[0] = 0x83; b.writeUInt16BE(x, 1); b.writeUInt16BE(y, 3); b[5] = buttons; return b; },
  ack: (frameNo) => { const b = Buffer.alloc(5); b[0] = 0x85; b.writeUInt32BE(frameNo, 1); return b; },
};
// Host messages read here: the HELLO (screen size), FRAME_END (to acknowledge) and BATCH parts.
export const HOST_HELLO = 0x01, FRAME_END = 0x03, BATCH = 0x08;

/** The frame numbers a host message ends (a FRAME_END alone or inside a BATCH). */
export function frameEnds(m) {
  if (m[0] === FRAME_END) return [m.readUInt32BE(1)];
  if (m[0] !== BATCH) return [];
  const ends = [];
  for (let off = 1; off + 3 <= m.length;) {
    const len = (m[off] << 16) | (m[off + 1] << 8) | m[off + 2];
    const part = m.subarray(off + 3, off + 3 + len);
    if (part[0] === FRAME_END) ends.push(part.readUInt32BE(1));
    off += 3 + len;
  }
  return ends;
}

// PC/XT set-1 scancodes (docs/protocol.md, "Keys") for what the benchmark types: lower-case
// letters, digits, space, Enter and a few signs, no Shift needed.
const ROWS = [["1234567890-=", 0x02], ["qwertyuiop[]", 0x10], ["asdfghjkl;'", 0x1e], ["zxcvbnm,./", 0x2c]];
export const SCANCODE = { " ": 0x39, "\n": 0x1c };
for (const [chars, first] of ROWS) [...chars].forEach((c, i) => { SCANCODE[c] = first + i; });
export const CTRL = 0x1d, SHIFT = 0x2a;
