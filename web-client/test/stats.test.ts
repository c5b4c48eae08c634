import { test } from "node:test";
import assert from "node:assert/strict";
import { RateMeter, RoundTrip } from "../src/stats.js";
import { formatFigures } from "../src/overlay.js";

test("rates count the last second only", () => {
  const meter = new RateMeter();
  for (let t = 0; t < 1000; t += 100) meter.add(t, 2);
  assert.equal(meter.rate(999), 20);
  assert.equal(meter.rate(1500), 8, "samples at 600..900 remain");
  assert.equal(meter.rate(5000), 0);
});

test("round trips match pongs to pings", () => {
  const rtt = new RoundTrip();
  const a = rtt.ping(100);
  const b = rtt.ping(200);
  rtt.pong(b, 230);
  assert.equal(rtt.latestMs, 30);
  rtt.pong(a, 400);
  assert.equal(rtt.latestMs, 300);
  rtt.pong(999, 500);
  assert.equal(rtt.latestMs, 300, "an unknown pong changes nothing");
});

test("the overlay's figures", () => {
  assert.equal(formatFigures({ fps: 29.6, kilobytesPerSecond: 12.345, rttMs: 41.2 }), "30 fps · 12.3 kB/s · RTT 41 ms");
  assert.equal(formatFigures({ fps: 0, kilobytesPerSecond: 0, rttMs: null }), "0 fps · 0.0 kB/s · RTT –");
});
