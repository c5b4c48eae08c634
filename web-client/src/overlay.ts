// The status overlay: a small line (connected / reconnecting / ended, fps, kB/s, round trip),
// and while the desktop is not on screen a message area that says what is happening, with a
// Retry (or Take back) button when a person has to act.

import type { Status } from "./connection.js";
import { plainWords } from "./errors.js";

export interface Figures { fps: number; kilobytesPerSecond: number; rttMs: number | null }

/**
 * The words for a status and the label of its button (null: none); pure, so tests can check them
 * without a page. A read-only viewer (a shadow) never offers Take back: the desktop is not its to take.
 */
export function describe(status: Status, readOnly = false): { line: string; message: string | null; action: "Retry" | "Take back" | null } {
  switch (status.state) {
    case "connecting":
      return { line: "Connecting", message: status.detail, action: null };
    case "connected":
      return { line: "Connected", message: null, action: null };
    case "reconnecting": {
      const seconds = Math.max(1, Math.round(status.retryInMs / 1000));
      return { line: "Reconnecting", message: `${status.reason} Trying again in ${seconds} s…`, action: null };
    }
    case "ended":
      return { line: "Ended", message: "This session has ended. You can close this tab.", action: null };
    case "taken-over":
      return { line: "Taken over", message: "This desktop was opened on another device.", action: readOnly ? null : "Take back" };
    case "failed":
      return { line: "Disconnected", message: status.detail ?? plainWords(status.kind), action: "Retry" };
  }
}

export function formatFigures(f: Figures): string {
  const rtt = f.rttMs === null ? "–" : `${Math.round(f.rttMs)} ms`;
  return `${Math.round(f.fps)} fps · ${f.kilobytesPerSecond.toFixed(1)} kB/s · RTT ${rtt}`;
}

export class Overlay {
  private status: Status = { state: "connecting", detail: "Starting…" };

  constructor(
    private readonly line: HTMLElement,
    private readonly figures: HTMLElement,
    private readonly messageBox: HTMLElement,
    private readonly messageText: HTMLElement,
    private readonly retryButton: HTMLButtonElement,
    private readonly readOnly = false,
  ) {}

  show(status: Status): void {
    this.status = status;
    const words = describe(status, this.readOnly);
    this.line.textContent = words.line;
    this.line.dataset.state = status.state;
    this.messageBox.hidden = words.message === null;
    this.messageText.textContent = words.message ?? "";
    // One button for both: Retry and Take back each just connect again.
    this.retryButton.hidden = words.action === null;
    this.retryButton.textContent = words.action ?? "";
  }

  showFigures(f: Figures): void {
    this.figures.textContent = this.status.state === "connected" ? formatFigures(f) : "";
  }
}
