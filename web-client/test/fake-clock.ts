// A clock whose time moves only when a test says so; the timers that fall due then fire.
import type { Clock } from "../src/connection.js";

export class FakeClock implements Clock {
  timers: { at: number; fn: () => void }[] = [];
  t = 0;
  now() { return this.t; }
  setTimeout(fn: () => void, ms: number) { const timer = { at: this.t + ms, fn }; this.timers.push(timer); return timer; }
  clearTimeout(h: unknown) { this.timers = this.timers.filter((x) => x !== h); }
  random() { return 0.5; } // no jitter: delays are exact
  async advance(ms: number) {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    due.forEach((x) => x.fn());
    await settle();
  }
}

export const settle = () => new Promise((r) => setTimeout(r, 0));
