// The prose of report.mjs's section: what each image is, how each figure is measured, caveats.

const load = (xs) => (xs || []).map((x) => x.toFixed(1)).join(" / ");

export function describeImage(name, img, opt) {
  const what = name === "tiny" ? "busybox shell on a 720x400 VGA text console" :
    "Xorg, IceWM and an xterm (80x24 at +40+40) on 1024x768";
  return `The \`${name}\` guest (${what}). ${img.cpus} cores, load average ${load(img.loadavgAtStart)} at the start, ` +
    `${load(img.loadavgAtEnd)} at the end; ${img.runs.length / Math.max(1, img.targets.length)} round(s).`;
}

export const HOW_MEASURED = [
  "How it is measured:",
  "- Wire bytes (↓ server to browser, ↑ browser to server): TCP payload through a counting proxy " +
    "(`bench/display/wireproxy.mjs`) between Chromium and Ventana's server, and another between Chromium and " +
    "websockify, counting the display's WebSocket connection only (HTTP upgrade, WebSocket framing and any " +
    "permessage-deflate included; TCP/IP headers not). The proxy forwards bytes untouched, so Chromium's " +
    "permessage-deflate offer reaches the server as it is. Payload: the WebSocket messages' payloads as the page " +
    "receives them (Playwright's `framereceived`), i.e. after decompression; equal to wire ↓ minus framing when " +
    "nothing is compressed.",
  "- Server-side CPU: CPU-seconds (utime + stime, all threads, from `/proc/<pid>/stat`) spent during the " +
    "workload by Ventana's server JVM plus the session host's JVM, or by websockify (with the child it forks per " +
    "connection), and by the guest's QEMU (its vCPU thread included: the guest's own work is in it, the same " +
    "for both viewers apart from the updates QEMU's VNC server encodes).",
  "- Key → canvas (`probe.js`, injected into both pages): a capture-phase `keydown` listener stamps " +
    "`performance.now()`; a `requestAnimationFrame` loop reads the viewer's canvas with `getImageData` and " +
    "stops at the first frame that differs from the picture before the key (tiny: scanlines 13-14 of each text " +
    "row, where the VGA cursor blinks, are ignored; office: the taskbar's bottom 60 rows, with its clock and " +
    "CPU monitor, are ignored). Keys one at a time, 100-150 ms after the previous change showed.",
  "- Guest echo (`guest-echo.mjs`), once per image before the rounds, with no viewer connected: a letter " +
    "through QMP `send-key`, then QMP `screendump`s back to back until the dump differs from the one before " +
    "the key (same rows ignored as above); the time from sending the key to the end of that dump (an upper bound; the notes give the lower one). The session " +
    "host holds the guest's QMP socket, so the benchmark's session host starts QEMU through " +
    "`qemu-bench-wrapper.sh`, which adds a second QMP monitor (no device: the guest sees the same machine). " +
    "Office: a click into the xterm through QMP first, so that it has the focus.",
  "- Office drag: the xterm's title bar dragged with the mouse (Playwright down, 60 moves 16 ms apart, up) " +
    "across the desktop and back. Picture: `feh -g 640x480 /usr/share/ventana/picture.ppm & sleep N; kill $!` " +
    "typed into the xterm; bytes and CPU from Enter until the screen is still again after feh is gone.",
  "- Idle: nobody typing (tiny: the prompt with its blinking cursor; office: the desktop, its taskbar clock " +
    "and CPU monitor going on).",
];

export function caveats(res) {
  return [
    "Caveats:",
    "- QEMU encodes differently for the two: Ventana's session host asks QEMU's VNC server for raw updates only " +
      "(`RfbClient`: raw, desktop size, QEMU extended keys) and encodes for the browser itself, in the session " +
      "host; noVNC asks for tight first (zlib, and JPEG for photo-like areas), so QEMU does the encoding work " +
      "for noVNC and its CPU-seconds include it.",
    "- Both viewers read the same QEMU VNC server, which looks for changes on a timer (30 ms, backing off by " +
      "50 ms per look that finds nothing); Ventana's session host keeps the looks 30 ms apart while input is " +
      "active (`rfb.FastRefresh`), noVNC gets the back-off.",
    "- In-page timing is rounded up to animation frames (16.7 ms) and starts when the page sees keydown. The " +
      "guest echo's resolution is one screendump (given above).",
    "- A shared 2-core machine under TCG: figures taken while other work runs are not final (the load averages " +
      "are given per image). Not measured: CPU use in the browser.",
  ];
}
