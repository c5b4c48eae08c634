// Applies host messages to a drawing surface in the order they arrived, even though image
// decoding is asynchronous: a later SOLID or COPY must never land before an earlier PNG.

import type { HostMessage, Rect, RegionMessage } from "./protocol.js";

/** Where the picture goes: the canvas in the browser, a pixel array in tests. */
export interface Surface {
  /** New size, cleared to black. */
  resize(width: number, height: number): void;
  fill(x: number, y: number, width: number, height: number, rgb: number): void;
  /** Copies as if through a temporary buffer: source and destination may overlap. */
  copy(srcX: number, srcY: number, x: number, y: number, width: number, height: number): void;
  /** Keeps the pixels of this rectangle in the save-under, at the same place. */
  saveUnder(x: number, y: number, width: number, height: number): void;
  /** Paints this rectangle back from the save-under. */
  restore(x: number, y: number, width: number, height: number): void;
  putRgba(x: number, y: number, width: number, height: number, rgba: Uint8ClampedArray): void;
  drawImage(x: number, y: number, image: DecodedImage): void;
}

/** A decoded PNG or JPEG; close() frees it (ImageBitmap.close in browsers). */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  close(): void;
}

export type ImageDecoder = (bytes: Uint8Array, mime: "image/png" | "image/jpeg") => Promise<DecodedImage>;

export interface PainterEvents {
  /** Every region of the frame is on the surface: time to acknowledge it. */
  framePainted(frame: number): void;
  /** A payload would not decode or did not match its rectangle: the connection must close. */
  failed(error: Error): void;
}

export class Painter {
  private queue: Promise<void> = Promise.resolve();
  private broken = false;

  constructor(
    private readonly surface: Surface,
    private readonly decode: ImageDecoder,
    private readonly events: PainterEvents,
  ) {}

  /** Takes the messages that touch the picture; others (PONG, CURSOR, HELLO) are not its business. */
  accept(m: HostMessage): void {
    switch (m.type) {
      case "RESIZE":
        this.then(() => this.surface.resize(m.width, m.height));
        break;
      case "FRAME_END":
        this.then(() => this.events.framePainted(m.frame));
        break;
      case "PNG":
      case "JPEG": {
        // Start decoding now so several images decode in parallel; paint them in order.
        const image = this.decode(m.payload, m.type === "PNG" ? "image/png" : "image/jpeg");
        image.catch(() => undefined); // a failure is reported in order, below
        this.then(async () => {
          const decoded = await image;
          try {
            if (decoded.width !== m.width || decoded.height !== m.height) {
              throw new Error(`image of ${decoded.width}x${decoded.height} for a ${m.width}x${m.height} region`);
            }
            this.surface.drawImage(m.x, m.y, decoded);
          } finally {
            decoded.close();
          }
        });
        break;
      }
      case "SOLID":
      case "COPY":
      case "RESTORE":
      case "RAW":
      case "BITMAP":
        this.then(() => paintDirect(this.surface, m));
        break;
      default:
        break;
    }
  }

  /** Resolves once everything accepted so far is painted (or painting failed). */
  idle(): Promise<void> {
    return this.queue;
  }

  private then(step: () => void | Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.broken) return;
      try {
        await step();
      } catch (e) {
        this.broken = true;
        this.events.failed(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }
}

function paintDirect(surface: Surface, m: RegionMessage): void {
  switch (m.type) {
    case "SOLID":
      surface.fill(m.x, m.y, m.width, m.height, m.rgb);
      break;
    case "COPY":
      for (const r of coveredBy(m)) surface.saveUnder(r.x, r.y, r.width, r.height);
      surface.copy(m.srcX, m.srcY, m.x, m.y, m.width, m.height);
      break;
    case "RESTORE":
      surface.restore(m.x, m.y, m.width, m.height);
      break;
    case "RAW":
      surface.putRgba(m.x, m.y, m.width, m.height, rgbToRgba(m.payload));
      break;
    case "BITMAP":
      surface.putRgba(m.x, m.y, m.width, m.height, bitmapToRgba(m.width, m.height, m.background, m.foreground, m.payload));
      break;
    default:
      break;
  }
}

/**
 * What a COPY covers outside its own source, as at most four rectangles: that goes into the
 * save-under before the copy (docs/protocol.md, "Save-under"), so a window dragged away can
 * uncover it again with RESTORE.
 */
export function coveredBy(copy: Rect & { srcX: number; srcY: number }): Rect[] {
  const { x, y, width, height, srcX, srcY } = copy;
  const right = x + width, bottom = y + height;
  const top = Math.max(y, Math.min(bottom, srcY)), below = Math.min(bottom, Math.max(y, srcY + height));
  const left = Math.max(x, Math.min(right, srcX)), after = Math.min(right, Math.max(x, srcX + width));
  const out: Rect[] = [
    { x, y, width, height: top - y }, // rows above the source
    { x, y: below, width, height: bottom - below }, // rows below it
    { x, y: top, width: left - x, height: below - top }, // beside it, left
    { x: after, y: top, width: right - after, height: below - top }, // beside it, right
  ];
  return out.filter((r) => r.width > 0 && r.height > 0);
}

export function rgbToRgba(rgb: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray((rgb.length / 3) * 4);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    out[o] = rgb[i];
    out[o + 1] = rgb[i + 1];
    out[o + 2] = rgb[i + 2];
    out[o + 3] = 255;
  }
  return out;
}

/** Expands BITMAP bits (rows MSB first, padded to whole bytes; 1 = foreground) to RGBA. */
export function bitmapToRgba(width: number, height: number, background: number, foreground: number, bits: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      const rgb = bits[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7)) ? foreground : background;
      out[o] = rgb >> 16;
      out[o + 1] = (rgb >> 8) & 0xff;
      out[o + 2] = rgb & 0xff;
      out[o + 3] = 255;
    }
  }
  return out;
}
