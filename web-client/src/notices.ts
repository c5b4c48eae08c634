// The notices the server's gateway shows over the desktop (idle and length warnings, a take-over,
// an admin's message...): kept by id, each countdown running against this viewer's own clock so
// that no clock sync with the server is needed. No DOM here: notice-banner.ts draws the result.

import type { Clock, Status } from "./connection.js";
import { isFinal } from "./connection.js";
import type { HostMessage, Notice, NoticeLevel } from "./protocol.js";

export const NOTICE_KINDS = [
  "SESSION_LOST", "IDLE_WARNING", "MAX_LENGTH_WARNING", "TAKEN_OVER", "ADMIN_MESSAGE", "WATCHED", "IMAGE_UPDATE", "ROLLOUT",
  "READ_ONLY_FILES", "PACKAGE_UPDATE",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The actions this viewer can offer; a newer server's others are left out rather than shown dead. */
export const NOTICE_ACTIONS = ["TAKE_BACK", "DISMISS"] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export type NoticeMessage = Extract<HostMessage, { type: "NOTICE" }>;

/** A notice as drawn at one moment. */
export interface ShownNotice {
  id: string;
  /** A kind this viewer does not know is shown as ADMIN_MESSAGE. */
  kind: NoticeKind;
  level: NoticeLevel;
  text: string;
  /** The time left as m:ss, or null for a notice without a countdown. */
  countdown: string | null;
  actions: NoticeAction[];
}

/** Rounded up, so 0:00 appears only once the time is really up. */
export function formatCountdown(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

type Timers = Pick<Clock, "now" | "setTimeout" | "clearTimeout">;

export class Notices {
  /** In arrival order; a replacement keeps its place, so the banner does not jump. */
  private readonly notices = new Map<string, { notice: Notice; deadline: number | null }>();
  private timer: unknown = null;

  constructor(private readonly clock: Timers, private readonly draw: (shown: ShownNotice[]) => void) {}

  receive(m: NoticeMessage): void {
    if (m.cleared) {
      if (!this.notices.delete(m.id)) return; // clearing what is not shown (any more) is normal
    } else {
      const deadline = m.secondsLeft === null ? null : this.clock.now() + m.secondsLeft * 1000;
      this.notices.set(m.id, { notice: m, deadline });
    }
    this.redraw();
  }

  /** The user closed it: gone from this viewer; the server still shows it to the next connection. */
  dismiss(id: string): void {
    if (this.notices.delete(id)) this.redraw();
  }

  /**
   * A new connection is open. The gateway greets it with every notice still showing, so those of
   * the previous connection go now: one cleared while the viewer was away would otherwise stay.
   * Until then (reconnecting) they stay up, as the user last saw them.
   */
  connectionOpened(): void {
    this.clearAll();
  }

  /** Once the connection is over for good its overlay says why; the notices of the session go. */
  connectionStatus(s: Status): void {
    if (isFinal(s)) this.clearAll();
  }

  private clearAll(): void {
    if (this.notices.size === 0) return;
    this.notices.clear();
    this.redraw();
  }

  private redraw(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const now = this.clock.now();
    const shown: ShownNotice[] = [];
    // Wake up when the first displayed m:ss changes, not every 1000 ms from some arbitrary start:
    // countdowns that arrived at different moments each change on their own second.
    let nextChange = Infinity;
    for (const { notice, deadline } of this.notices.values()) {
      const left = deadline === null ? null : deadline - now;
      if (left !== null && left > 0) nextChange = Math.min(nextChange, left % 1000 || 1000);
      shown.push({
        id: notice.id,
        kind: (NOTICE_KINDS as readonly string[]).includes(notice.kind) ? (notice.kind as NoticeKind) : "ADMIN_MESSAGE",
        level: notice.level,
        text: notice.text,
        countdown: left === null ? null : formatCountdown(left),
        actions: notice.actions.filter((a): a is NoticeAction => (NOTICE_ACTIONS as readonly string[]).includes(a)),
      });
    }
    if (nextChange !== Infinity) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.redraw();
      }, nextChange);
    }
    this.draw(shown);
  }
}
