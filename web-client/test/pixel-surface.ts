// A Surface over a plain RGB array: what the canvas does, checkable in node.
import type { DecodedImage, Surface } from "../src/painter.js";
import type { TestImage } from "./png.js";

export class PixelSurface implements Surface {
  width = 0;
  height = 0;
  rgb: number[] = [];
  under: number[] = [];

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.rgb = new Array(width * height).fill(0);
    this.under = new Array(width * height).fill(0);
  }
  saveUnder(x: number, y: number, w: number, h: number): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.under[yy * this.width + xx] = this.rgb[yy * this.width + xx];
  }
  restore(x: number, y: number, w: number, h: number): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.rgb[yy * this.width + xx] = this.under[yy * this.width + xx];
  }
  fill(x: number, y: number, w: number, h: number, rgb: number): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.rgb[yy * this.width + xx] = rgb;
  }
  copy(sx: number, sy: number, x: number, y: number, w: number, h: number): void {
    const source = [...this.rgb];
    for (let yy = 0; yy < h; yy++) for (let xx = 0; xx < w; xx++) {
      this.rgb[(y + yy) * this.width + x + xx] = source[(sy + yy) * this.width + sx + xx];
    }
  }
  putRgba(x: number, y: number, w: number, h: number, rgba: Uint8ClampedArray): void {
    for (let i = 0; i < w * h; i++) {
      this.rgb[(y + Math.floor(i / w)) * this.width + x + (i % w)] = (rgba[i * 4] << 16) | (rgba[i * 4 + 1] << 8) | rgba[i * 4 + 2];
    }
  }
  drawImage(x: number, y: number, image: DecodedImage): void {
    const img = image as TestImage;
    this.putRgba(x, y, img.width, img.height, img.rgba);
  }
  rows(): string[] {
    const out: string[] = [];
    for (let y = 0; y < this.height; y++) {
      out.push(this.rgb.slice(y * this.width, (y + 1) * this.width).map((p) => p.toString(16).padStart(6, "0")).join(" "));
    }
    return out;
  }
}
