// A small PNG decoder for the tests: browsers decode PNG natively, node does not. Handles what
// the protocol allows: 8-bit RGB/RGBA and indexed colour of 1, 2, 4 or 8 bits, all five filters.
import { inflateSync } from "node:zlib";
import type { DecodedImage } from "../src/painter.js";

export interface TestImage extends DecodedImage { rgba: Uint8ClampedArray }

export function decodePng(bytes: Uint8Array): TestImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error("not a PNG");
  let offset = 8, width = 0, height = 0, depth = 0, colourType = 0;
  let palette: Uint8Array = new Uint8Array(0);
  const idat: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      depth = data[8];
      colourType = data[9];
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((at, d) => (joined.set(d, at), at + d.length), 0);
  const raw = inflateSync(joined);
  const channels = colourType === 2 ? 3 : colourType === 6 ? 4 : 1;
  const bitsPerPixel = channels * depth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel / 8);
  const rows: Uint8Array[] = [];
  let previous: Uint8Array = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const row = raw.slice(y * (rowBytes + 1) + 1, (y + 1) * (rowBytes + 1));
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      row[i] = (row[i] + predictor) & 0xff;
    }
    rows.push(row);
    previous = row;
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (colourType === 3) {
        const bit = x * depth;
        const index = (rows[y][bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        rgba.set([palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2], 255], o);
      } else {
        const i = x * channels;
        rgba.set([rows[y][i], rows[y][i + 1], rows[y][i + 2], channels === 4 ? rows[y][i + 3] : 255], o);
      }
    }
  }
  return { width, height, rgba, close() {} };
}
