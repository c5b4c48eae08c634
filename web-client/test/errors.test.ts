// The viewer's copy of the error vocabulary, its normal ending, the take-over close and the
// message limit say what docs/protocol-vectors/errors.json says; so does the table in docs/protocol.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ERROR_KINDS, SESSION_ENDED, TAKEN_OVER, closeCodeOf, isRetryable, kindOfCloseCode, kindOfStatus } from "../src/errors.js";
import { MAX_CLIPBOARD_BYTES, MAX_MESSAGE_BYTES } from "../src/protocol.js";

interface Source {
  kinds: { kind: string; http: number; close: number; retryable: boolean }[];
  sessionEnded: { close: number; reason: string };
  takenOver: { close: number; reason: string };
  limits: { maxMessageBytes: number; maxClipboardBytes: number };
}
const source = JSON.parse(readFileSync("../docs/protocol-vectors/errors.json", "utf8")) as Source;

test("the same kinds in the same order", () => {
  assert.deepEqual(ERROR_KINDS, source.kinds.map((k) => k.kind));
});

test("each kind's status, close code and retrying, both ways", () => {
  for (const k of source.kinds) {
    const kind = k.kind as (typeof ERROR_KINDS)[number];
    assert.equal(kindOfStatus(k.http), kind, `status ${k.http}`);
    assert.equal(closeCodeOf(kind), k.close, `close code of ${kind}`);
    assert.equal(kindOfCloseCode(k.close), kind, `close code ${k.close}`);
    assert.equal(isRetryable(kind), k.retryable, `retrying ${kind}`);
  }
});

test("the normal ending, the take-over and the message limit", () => {
  assert.deepEqual({ close: SESSION_ENDED.code, reason: SESSION_ENDED.reason }, source.sessionEnded);
  assert.deepEqual({ close: TAKEN_OVER.code, reason: TAKEN_OVER.reason }, source.takenOver);
  assert.equal(MAX_MESSAGE_BYTES, source.limits.maxMessageBytes);
  assert.equal(MAX_CLIPBOARD_BYTES, source.limits.maxClipboardBytes);
});

test("docs/protocol.md's error table lists the same kinds, statuses and close codes", () => {
  const rows = readFileSync("../docs/protocol.md", "utf8")
    .split("\n")
    .map((line) => /^\| `([A-Z_]+)` \| (\d{3}) \| (\d{4}) \|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ kind: m[1], http: Number(m[2]), close: Number(m[3]) }));
  assert.deepEqual(rows, source.kinds.map(({ kind, http, close }) => ({ kind, http, close })));
});
