// The failure vocabulary of docs/protocol.md ("Errors"), and what the viewer tells a person.

export type ErrorKind =
  | "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_LARGE"
  | "TOO_MANY_REQUESTS" | "INTERNAL" | "UPSTREAM_FAILED" | "UNAVAILABLE";

const BY_STATUS: Record<number, ErrorKind> = {
  400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT",
  413: "TOO_LARGE", 429: "TOO_MANY_REQUESTS", 500: "INTERNAL", 502: "UPSTREAM_FAILED", 503: "UNAVAILABLE",
};

export function kindOfStatus(status: number): ErrorKind {
  return BY_STATUS[status] ?? (status >= 500 ? "INTERNAL" : "BAD_REQUEST");
}

/** A WebSocket close code of the vocabulary (4000 + HTTP status), or null for other codes. */
export function kindOfCloseCode(code: number): ErrorKind | null {
  return code >= 4000 && code < 5000 ? BY_STATUS[code - 4000] ?? null : null;
}

export function closeCodeOf(kind: ErrorKind): number {
  const status = Object.entries(BY_STATUS).find(([, k]) => k === kind)![0];
  return 4000 + Number(status);
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
