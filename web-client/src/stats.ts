// Frames per second, kilobytes per second and round-trip time for the status overlay.

/** Counts events over a sliding one-second window. */
export class RateMeter {
  private readonly samples: { at: number; amount: number }[] = [];

  constructor(private readonly windowMs = 1000) {}

  add(now: number, amount = 1): void {
    this.samples.push({ at: now, amount });
    this.trim(now);
  }

  /** The amount per second over the last window. */
  rate(now: number): number {
    this.trim(now);
    const total = this.samples.reduce((sum, s) => sum + s.amount, 0);
    return (total * 1000) / this.windowMs;
  }

  private trim(now: number): void {
    while (this.samples.length > 0 && this.samples[0].at <= now - this.windowMs) this.samples.shift();
  }
}

/** Matches PONGs to PINGs; keeps the latest round trip. */
export class RoundTrip {
  private readonly pending = new Map<number, number>();
  private nextNonce = 1;
  latestMs: number | null = null;

  ping(now: number): number {
    const nonce = this.nextNonce;
    this.nextNonce = (this.nextNonce % 0xffffffff) + 1;
    this.pending.set(nonce, now);
    if (this.pending.size > 16) this.pending.delete(this.pending.keys().next().value!); // pongs lost with a connection
    return nonce;
  }

  pong(nonce: number, now: number): void {
    const sent = this.pending.get(nonce);
    if (sent === undefined) return;
    this.pending.delete(nonce);
    this.latestMs = now - sent;
  }
}
