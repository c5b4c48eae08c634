// The workloads of each image, driven through a viewer page (bench.mjs opens it and meters each
// workload: payload and wire bytes, CPU). Each image has: the region of the canvas where its
// changes are looked for, how to tell its desktop is up, and its workloads in order.
//
// tiny (busybox shell on a 720x400 VGA text console):
//   typing   N characters at the prompt, one at a time, each timed key -> canvas
//   scroll   a command producing a long listing, Enter timed to the first and last change
//   idle     the prompt, its cursor blinking
// office (Xorg, IceWM, an xterm at +40+40 on 1024x768):
//   typing   as tiny's, into the xterm (clicked first)
//   idle     the desktop idle: the taskbar's clock and CPU monitor go on
//   drag     the xterm dragged by its title bar across the desktop and back, DRAGS times
//   picture  feh shows a 640x480 picture (when the image has feh), closed again

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHARSET = "abcdefghijklmnopqrstuvwxyz0123456789"; // every key visibly changes the line
const TEXT_ROW = 16; // VGA text mode: 9x16 cells
const TASKBAR = 60; // office: rows at the bottom left out of every comparison (clock, CPU monitor)
export const OFFICE = {
  click: [300, 200], // inside the xterm (80x24 at +40+40)
  title: [260, 52], // on the xterm's title bar
  drag: [420, 300], // how far a drag moves it
  picture: "/usr/share/ventana/picture.ppm",
};

export function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1); // linear interpolation between closest ranks
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

// A shifted character is pressed as Shift and its key (US layout): pressed alone, Playwright's
// "&" is the 7 key without Shift, and viewers that send key positions (both do) type a 7.
const SHIFTED = { "~": "`", "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8", "(": "9",
  ")": "0", "_": "-", "+": "=", "{": "[", "}": "]", "|": "\\", ":": ";", "\"": "'", "<": ",", ">": ".", "?": "/" };

async function press(page, text) {
  for (const ch of text) {
    const key = ch === "\n" ? "Enter" : ch === " " ? "Space" : SHIFTED[ch] ? `Shift+${SHIFTED[ch]}` : ch;
    await page.keyboard.press(key);
    await sleep(40);
  }
}

/** A fresh prompt on the top row. */
async function clearScreen(page) {
  await page.keyboard.press("Control+c");
  await sleep(200);
  await press(page, "clear\n");
  await sleep(1000);
}

/** The canvas's pixel (x, y) in page coordinates, for the mouse. */
async function toPage(page, [x, y]) {
  const [box, size] = await Promise.all([page.locator("#screen canvas, canvas#screen").first().boundingBox(),
    page.evaluate(() => window.__bench.size())]);
  return [box.x + (x * box.width) / size[0], box.y + (y * box.height) / size[1]];
}

async function quiet(page, quietMs, maxMs) {
  return page.evaluate(([q, m]) => window.__bench.untilQuiet(...window.__region(), q, m), [quietMs, maxMs]);
}

/** Typing: one key at a time, each timed from keydown to the first changed frame of the region. */
async function typing(page, opt, rows) {
  const latencies = [], sent = [], received = [];
  let timeouts = 0;
  for (let i = 0; i < opt.chars; i++) {
    await page.evaluate((rows) => {
      const [x, y, w, h] = window.__region();
      window.__p = window.__bench.arm(x, y, w, rows ? Math.min(h, rows) : h, 3000);
    }, rows);
    await page.keyboard.press(CHARSET[i % CHARSET.length]);
    const r = await page.evaluate(() => window.__p);
    if (r.timeout) timeouts++; else { latencies.push(r.latencyMs); sent.push(r.sentMs); received.push(r.receivedMs); }
    await sleep(100 + Math.random() * 50); // a fast typist; the jitter avoids locking onto a refresh timer
  }
  await sleep(1000); // trailing updates belong to the workload
  return { latencies, sent, received, timeouts };
}

export const IMAGES = {
  tiny: {
    viewport: { width: 1000, height: 640 },
    textCursor: true,
    bottom: 0, // rows at the bottom of the canvas left out of every comparison
    echo: { ignoreBottom: 0, textCursor: true },
    /** Booted to its prompt: text on the screen, then quiet. */
    ready: (page) => page.waitForFunction(() => window.__bench.litPixels() > 200, null, { timeout: 180000, polling: 100 }),
    workloads: (opt) => [
      { name: "typing", before: clearScreen, run: (page) => typing(page, opt, (Math.ceil((opt.chars + 12) / 80) + 1) * TEXT_ROW) },
      ...Array.from({ length: opt.scrolls }, (_, k) => ({
        name: "scrolls", index: k, before: clearScreen,
        prepare: async (page) => { await press(page, opt.scrollCmd); await sleep(1000); },
        run: async (page) => {
          await page.evaluate(() => {
            window.__p = window.__bench.arm(...window.__region(), 10000);
            window.__q = window.__bench.untilQuiet(...window.__region(), 3000, 120000);
          });
          await page.keyboard.press("Enter");
          const first = await page.evaluate(() => window.__p);
          const done = await page.evaluate(() => window.__q);
          return { firstChangeMs: first.timeout ? null : first.latencyMs, lastChangeMs: done.lastChangeMs,
            lastChangeReceivedMs: done.lastChangeReceivedMs, changes: done.changes, timedOut: done.timedOut };
        },
      })),
      { name: "idle", before: async (page) => { await clearScreen(page); await sleep(2000); },
        run: async () => { await sleep(opt.idle * 1000); return {}; } },
    ],
  },
  office: {
    viewport: { width: 1280, height: 900 },
    textCursor: false,
    bottom: TASKBAR,
    echo: { ignoreBottom: TASKBAR, textCursor: false, click: OFFICE.click },
    /** The desktop is up when the xterm (white) is on the 1024x768 screen. */
    ready: (page) => page.waitForFunction(([x, y]) => {
      const [w, h] = window.__bench.size();
      return w === 1024 && h === 768 && window.__bench.pixel(x, y).every((c) => c > 240);
    }, OFFICE.click, { timeout: 600000, polling: 500 }),
    workloads: (opt) => [
      { name: "typing",
        before: async (page) => {
          const [x, y] = await toPage(page, OFFICE.click);
          await page.mouse.click(x, y);
          await sleep(300);
          await clearScreen(page);
        },
        run: (page) => typing(page, opt, null) },
      { name: "idle", before: async (page) => { await clearScreen(page); await sleep(2000); },
        run: async () => { await sleep(opt.idle * 1000); return {}; } },
      { name: "drag", run: (page) => drag(page, opt.drags) },
      ...(opt.picture ? [{ name: "picture", before: clearScreen, run: (page) => picture(page, opt.pictureSecs) }] : []),
    ],
  },
};

/** Drags the xterm by its title bar by OFFICE.drag and back, `times` times, 60 moves each way. */
async function drag(page, times) {
  let settle = null;
  for (let k = 0; k < times; k++) {
    for (const [from, to] of [[OFFICE.title, [OFFICE.title[0] + OFFICE.drag[0], OFFICE.title[1] + OFFICE.drag[1]]],
      [[OFFICE.title[0] + OFFICE.drag[0], OFFICE.title[1] + OFFICE.drag[1]], OFFICE.title]]) {
      const [fx, fy] = await toPage(page, from), [tx, ty] = await toPage(page, to);
      await page.mouse.move(fx, fy);
      await sleep(100);
      await page.mouse.down();
      await sleep(100);
      for (let s = 1; s <= 60; s++) {
        await page.mouse.move(fx + ((tx - fx) * s) / 60, fy + ((ty - fy) * s) / 60);
        await sleep(16);
      }
      await sleep(100);
      await page.evaluate(() => { window.__q = window.__bench.untilQuiet(...window.__region(), 1500, 30000); });
      await page.mouse.up();
      settle = await page.evaluate(() => window.__q); // the window drawn where it was dropped
    }
  }
  return { lastChangeAfterDropMs: settle?.lastChangeMs ?? null };
}

/**
 * feh shows the picture for `secs` seconds and is killed by the same command line (the picture's
 * window takes the focus, so the xterm could not be typed into to close it).
 */
async function picture(page, secs) {
  await press(page, `feh -g 640x480 ${OFFICE.picture} & sleep ${secs}; kill $!`);
  await sleep(500);
  const t0 = Date.now();
  await page.evaluate((secs) => { window.__q = window.__bench.untilQuiet(...window.__region(), 2000, secs * 1000); }, secs);
  await page.keyboard.press("Enter");
  const shown = await page.evaluate(() => window.__q);
  await sleep(Math.max(0, secs * 1000 - (Date.now() - t0)));
  const closed = await quiet(page, 2000, 30000);
  return { shownLastChangeMs: shown.lastChangeMs, shownBeforeKill: !shown.timedOut, closedLastChangeMs: closed.lastChangeMs };
}
