// The failure vocabulary of docs/protocol.md ("Errors"), and what the viewer tells a person.
// docs/protocol-vectors/errors.json is its source; test/errors.test.ts holds this copy to it.

/** Each kind and its HTTP status; its WebSocket close code is 4000 + the status. */
const STATUS_OF = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409,
  TOO_LARGE: 413, TOO_MANY_REQUESTS: 429, INTERNAL: 500, UPSTREAM_FAILED: 502, UNAVAILABLE: 503,
} as const;

export type ErrorKind = keyof typeof STATUS_OF;

export const ERROR_KINDS = Object.keys(STATUS_OF) as ErrorKind[];

const BY_STATUS: Record<number, ErrorKind> = Object.fromEntries(ERROR_KINDS.map((k) => [STATUS_OF[k], k]));

/** How a connection to a session that ended normally closes: not an error, nothing to retry. */
export const SESSION_ENDED = { code: 1000, reason: "SESSION_ENDED" } as const;

/**
 * How the session host ends a viewer when the same desktop is opened on another device. Not an
 * error, but not to be retried by itself either: two devices would take it from each other in a loop.
 */
export const TAKEN_OVER = { code: 1000, reason: "TAKEN_OVER" } as const;

export function kindOfStatus(status: number): ErrorKind {
  return BY_STATUS[status] ?? (status >= 500 ? "INTERNAL" : "BAD_REQUEST");
}

/** A WebSocket close code of the vocabulary (4000 + HTTP status), or null for other codes. */
export function kindOfCloseCode(code: number): ErrorKind | null {
  return code >= 4000 && code < 5000 ? BY_STATUS[code - 4000] ?? null : null;
}

export function closeCodeOf(kind: ErrorKind): number {
  return 4000 + STATUS_OF[kind];
}

/** Only these, and network drops, are worth retrying without a person acting. */
export function isRetryable(kind: ErrorKind): boolean {
  return kind === "UPSTREAM_FAILED" || kind === "UNAVAILABLE";
}

export function plainWords(kind: ErrorKind): string {
  switch (kind) {
    case "UNAUTHORIZED": return "Your sign-in has expired or this link was already used. Sign in again and reopen the desktop.";
    case "FORBIDDEN": return "This desktop belongs to someone else.";
    case "NOT_FOUND": return "This desktop no longer exists.";
    case "CONFLICT": return "This desktop is ending and cannot be opened now.";
    case "TOO_MANY_REQUESTS": return "The viewer sent too much input too fast and was disconnected.";
    case "TOO_LARGE":
    case "BAD_REQUEST": return "The viewer and the server did not understand each other. Reload the page; if it happens again, tell your administrator.";
    case "INTERNAL": return "Something went wrong on the server. Your administrator can find the details in its log.";
    case "UPSTREAM_FAILED": return "The machine running your desktop cannot be reached.";
    case "UNAVAILABLE": return "No machine has room for your desktop right now.";
  }
}
