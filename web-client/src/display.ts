// The canvas: paints regions with createImageBitmap and the 2D context, scales the picture to
// fit the window or shows it 1:1, and sets the guest's pointer shape.

import type { DecodedImage, ImageDecoder, Surface } from "./painter.js";

export type ScaleMode = "fit" | "1:1";

/** The scale at which a screen is shown in a box: "fit" shrinks or enlarges it to the box, keeping its shape. */
export function scaleFor(mode: ScaleMode, screenW: number, screenH: number, boxW: number, boxH: number): number {
  if (mode === "1:1" || screenW <= 0 || screenH <= 0 || boxW <= 0 || boxH <= 0) return 1;
  return Math.min(boxW / screenW, boxH / screenH);
}

export class CanvasSurface implements Surface {
  private readonly ctx: CanvasRenderingContext2D;
  /** The save-under: an offscreen canvas of the same size, never shown. */
  private readonly under: OffscreenCanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext("2d", { alpha: false });
    const under = new OffscreenCanvas(1, 1).getContext("2d", { alpha: false });
    if (!ctx || !under) throw new Error("no 2D canvas");
    this.ctx = ctx;
    this.under = under;
  }

  resize(width: number, height: number): void {
    this.canvas.width = width; // also clears the canvas
    this.canvas.height = height;
    this.ctx.fillStyle = "#000";
    this.ctx.fillRect(0, 0, width, height);
    this.under.canvas.width = width;
    this.under.canvas.height = height;
    this.under.fillStyle = "#000";
    this.under.fillRect(0, 0, width, height);
  }

  saveUnder(x: number, y: number, width: number, height: number): void {
    this.under.drawImage(this.canvas, x, y, width, height, x, y, width, height);
  }

  restore(x: number, y: number, width: number, height: number): void {
    this.ctx.drawImage(this.under.canvas, x, y, width, height, x, y, width, height);
  }

  fill(x: number, y: number, width: number, height: number, rgb: number): void {
    this.ctx.fillStyle = `#${rgb.toString(16).padStart(6, "0")}`;
    this.ctx.fillRect(x, y, width, height);
  }

  copy(srcX: number, srcY: number, x: number, y: number, width: number, height: number): void {
    // The HTML spec makes a canvas drawn onto itself behave as if copied first: overlap is safe.
    this.ctx.drawImage(this.canvas, srcX, srcY, width, height, x, y, width, height);
  }

  putRgba(x: number, y: number, width: number, height: number, rgba: Uint8ClampedArray): void {
    this.ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), x, y);
  }

  drawImage(x: number, y: number, image: DecodedImage): void {
    this.ctx.drawImage(image as unknown as ImageBitmap, x, y);
  }
}

export const decodeWithImageBitmap: ImageDecoder = (bytes, mime) =>
  createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }), { premultiplyAlpha: "none", colorSpaceConversion: "none" });

/** Sizes the canvas element on the page for the chosen scale mode. */
export class Viewport {
  mode: ScaleMode = "fit";

  constructor(private readonly canvas: HTMLCanvasElement, private readonly box: HTMLElement) {}

  layout(): void {
    const scale = scaleFor(this.mode, this.canvas.width, this.canvas.height, this.box.clientWidth, this.box.clientHeight);
    this.canvas.style.width = `${Math.round(this.canvas.width * scale)}px`;
    this.canvas.style.height = `${Math.round(this.canvas.height * scale)}px`;
    // Enlarged text stays sharp with whole pixels; shrunk text reads better smoothed.
    this.canvas.style.imageRendering = scale > 1 ? "pixelated" : "auto";
    this.box.classList.toggle("one-to-one", this.mode === "1:1");
  }

  toggle(): ScaleMode {
    this.mode = this.mode === "fit" ? "1:1" : "fit";
    this.layout();
    return this.mode;
  }
}

/** Turns a CURSOR message into a CSS cursor on the canvas. */
export function applyCursor(canvas: HTMLCanvasElement, hotX: number, hotY: number, width: number, height: number, rgba: Uint8Array): void {
  if (width === 0) {
    canvas.style.cursor = "none";
    return;
  }
  const shape = document.createElement("canvas");
  shape.width = width;
  shape.height = height;
  shape.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  canvas.style.cursor = `url(${shape.toDataURL("image/png")}) ${hotX} ${hotY}, default`;
}
