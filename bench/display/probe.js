// Injected into every benchmarked page before its own scripts (Playwright addInitScript), so
// Ventana's viewer and noVNC are measured by the same code.
//
// Key-to-paint latency: a capture-phase keydown listener on window stamps performance.now()
// before the viewer's own handler sees the event; a requestAnimationFrame loop then reads a
// region of the viewer's canvas with getImageData and reports the first frame in which it
// differs from the picture taken just before the key was pressed. The VGA text cursor
// (scanlines 13 and 14 of each 16-pixel text row) blinks on its own, so those scanlines are
// ignored when comparing.
(() => {
  const MASKED_SCANLINES = new Set([13, 14]);
  let maskCursor = true; // off for the office desktop: xterm's cursor does not blink
  let canvasSelector = null;
  let watch = null; // { x, y, w, h, base, armedAt, keyAt, resolve, timer }
  let quiet = null; // { x, y, w, h, last, lastChangeAt, startedAt, resolve, quietMs, maxMs }

  function canvas() {
    return canvasSelector ? document.querySelector(canvasSelector) : null;
  }

  function read(r) {
    const c = canvas();
    const ctx = c.getContext("2d");
    return ctx.getImageData(r.x, r.y, r.w, r.h).data;
  }

  function differs(r, a, b) {
    const rowBytes = r.w * 4;
    for (let row = 0; row < r.h; row++) {
      if (maskCursor && MASKED_SCANLINES.has((r.y + row) % 16)) continue;
      const start = row * rowBytes;
      for (let i = start; i < start + rowBytes; i += 4) {
        if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) return true;
      }
    }
    return false;
  }

  // Where the milliseconds go: the first message the page sends after the key (its input on
  // the way out) and the last message it received before the change showed (the picture on
  // the way in). Hooked on the WebSocket class so both viewers are seen the same way.
  let lastReceivedAt = null;
  let firstSentAt = null;
  const NativeWebSocket = window.WebSocket;
  const nativeSend = NativeWebSocket.prototype.send;
  NativeWebSocket.prototype.send = function (data) {
    if (firstSentAt === null && watch && watch.keyAt !== null) firstSentAt = performance.now();
    return nativeSend.call(this, data);
  };
  // A plain function returning the native socket, not a subclass: noVNC checks the socket's
  // prototype for the native methods.
  function HookedWebSocket(...a) {
    const ws = new NativeWebSocket(...a);
    ws.addEventListener("message", () => { lastReceivedAt = performance.now(); });
    return ws;
  }
  HookedWebSocket.prototype = NativeWebSocket.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) HookedWebSocket[k] = NativeWebSocket[k];
  window.WebSocket = HookedWebSocket;

  window.addEventListener("keydown", () => {
    const now = performance.now();
    if (watch && watch.keyAt === null) { watch.keyAt = now; firstSentAt = null; }
    if (quiet && quiet.keyAt === null) quiet.keyAt = now;
  }, true);

  function frame() {
    const now = performance.now();
    if (watch && watch.keyAt !== null) {
      const cur = read(watch);
      if (differs(watch, watch.base, cur)) {
        const w = watch;
        watch = null;
        clearTimeout(w.timer);
        w.resolve({
          latencyMs: now - w.keyAt,
          sentMs: firstSentAt === null ? null : firstSentAt - w.keyAt,
          receivedMs: lastReceivedAt === null || lastReceivedAt < w.keyAt ? null : lastReceivedAt - w.keyAt,
        });
      }
    }
    if (quiet) {
      const cur = read(quiet);
      if (differs(quiet, quiet.last, cur)) {
        quiet.last = cur;
        quiet.lastChangeAt = now;
        quiet.lastChangeReceivedAt = lastReceivedAt;
        quiet.changes++;
      }
      if (now - (quiet.lastChangeAt ?? quiet.startedAt) >= quiet.quietMs || now - quiet.startedAt >= quiet.maxMs) {
        const q = quiet;
        quiet = null;
        const from = q.keyAt ?? q.startedAt;
        q.resolve({
          lastChangeMs: q.lastChangeAt === null ? null : q.lastChangeAt - from,
          lastChangeReceivedMs: q.lastChangeReceivedAt == null ? null : q.lastChangeReceivedAt - from,
          changes: q.changes,
          timedOut: now - q.startedAt >= q.maxMs,
        });
      }
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);

  window.__bench = {
    setCanvas(selector) { canvasSelector = selector; },
    /** Whether to ignore the VGA text cursor's scanlines (the tiny console) or not (a desktop). */
    setTextCursorMask(on) { maskCursor = on; },
    /** The canvas pixel at (x, y) as [r, g, b]. */
    pixel(x, y) { return [...canvas().getContext("2d").getImageData(x, y, 1, 1).data.slice(0, 3)]; },
    ready() {
      const c = canvas();
      return !!c && c.width > 0 && c.height > 0;
    },
    size() { const c = canvas(); return [c.width, c.height]; },
    /** Counts non-black pixels (a painted screen has text on it). */
    litPixels() {
      const c = canvas();
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] | d[i + 1] | d[i + 2]) n++;
      return n;
    },
    /**
     * Arms the detector on a region; the next keydown starts the clock. Resolves with the
     * latency, or with {timeout:true} if nothing changed within timeoutMs of arming.
     */
    arm(x, y, w, h, timeoutMs) {
      return new Promise((resolve) => {
        const r = { x, y, w, h };
        r.base = read(r);
        r.keyAt = null;
        r.resolve = resolve;
        r.timer = setTimeout(() => {
          if (watch === r) { watch = null; resolve({ timeout: true }); }
        }, timeoutMs);
        watch = r;
      });
    },
    /**
     * Starts watching a region; resolves once it has not changed for quietMs (or after maxMs),
     * with the time of its last change relative to the next keydown (start it just before
     * pressing the key).
     */
    untilQuiet(x, y, w, h, quietMs, maxMs) {
      return new Promise((resolve) => {
        const q = { x, y, w, h, quietMs, maxMs, resolve, changes: 0, lastChangeAt: null, keyAt: null };
        q.last = read(q);
        q.startedAt = performance.now();
        quiet = q;
      });
    },
  };
})();
