// Reads the shared vectors in docs/protocol-vectors, the same files the Java tests read.
// npm runs the tests in web-client/, so the files are one directory up.
import { readFileSync } from "node:fs";

export interface Vector { name: string; [field: string]: unknown }

export function load(file: string): { vectors: Vector[]; screen?: [number, number]; unmapped?: string[] } {
  return JSON.parse(readFileSync(`../docs/protocol-vectors/${file}`, "utf8"));
}

export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
