// Inputs for the hostile-bytes fuzz tests (docs/benchmarks.md, "Hostile bytes: fuzz runs"): the
// same mutations as the Java side's HostileBytes, from a seeded generator so a failure is
// reproduced by its seed alone, without a fuzzing library.

/** mulberry32: a small, well-known 32-bit generator; plenty for choosing mutations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGES = [0, 1, 2, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x10];
const WIDE_EDGES = [0, 1, -1, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x10000, 0x100];

export class HostileBytes {
  constructor(private readonly seeds: Uint8Array[], private readonly random: () => number, private readonly maxBytes: number) {
    if (seeds.length === 0) throw new Error("no seeds");
  }

  private int(bound: number): number {
    return Math.floor(this.random() * bound);
  }

  /** Random bytes, up to `max` of them. */
  randomBytes(max: number): Uint8Array {
    const out = new Uint8Array(this.int(max + 1));
    for (let i = 0; i < out.length; i++) out[i] = this.int(256);
    return out;
  }

  /** One seed, changed by one to six mutations. */
  mutated(): Uint8Array {
    let b: Uint8Array = this.seeds[this.int(this.seeds.length)].slice();
    const rounds = 1 + this.int(6);
    for (let i = 0; i < rounds; i++) b = this.once(b);
    return b.length > this.maxBytes ? b.subarray(0, this.maxBytes) : b;
  }

  private once(b: Uint8Array): Uint8Array {
    const at = b.length === 0 ? 0 : this.int(b.length);
    switch (this.int(8)) {
      case 0:
        if (b.length > 0) b[at] ^= 1 << this.int(8);
        return b;
      case 1:
        if (b.length > 0) b[at] = this.random() < 0.5 ? EDGES[this.int(EDGES.length)] : this.int(256);
        return b;
      case 2: {
        const v = WIDE_EDGES[this.int(WIDE_EDGES.length)];
        const width = this.random() < 0.5 ? 2 : 4;
        for (let k = 0; k < width && at + k < b.length; k++) b[at + k] = (v >>> (8 * (width - 1 - k))) & 0xff;
        return b;
      }
      case 3:
        return splice(b, at, at, this.randomBytes(16));
      case 4:
        return splice(b, at, Math.min(b.length, at + 1 + this.int(8)), new Uint8Array(0));
      case 5:
        return b.slice(0, at);
      case 6:
        return splice(b, at, at, b.slice(at, Math.min(b.length, at + 1 + this.int(32))));
      default: {
        const other = this.seeds[this.int(this.seeds.length)];
        return splice(b, at, b.length, other.slice(other.length === 0 ? 0 : this.int(other.length)));
      }
    }
  }
}

/** `b` with `[from, to)` replaced by `insert`. */
function splice(b: Uint8Array, from: number, to: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(from + insert.length + (b.length - to));
  out.set(b.subarray(0, from), 0);
  out.set(insert, from);
  out.set(b.subarray(to), from + insert.length);
  return out;
}
