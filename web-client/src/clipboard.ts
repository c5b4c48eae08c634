// The clipboard both ways (docs/protocol.md, "Clipboard"), as the session's pool allows it
// (SETTINGS). The browser's text goes to the guest just before a paste key does (and when the page
// gets the focus back, where reading needs no prompt); the guest's text goes to the browser's
// clipboard. Where the browser refuses the asynchronous Clipboard API (no permission, or a page
// not served over HTTPS), the clipboard panel is the visible way round: paste into it and send,
// or copy from it. No DOM here beyond the two seams, so node tests run it.

import { MAX_CLIPBOARD_BYTES, SETTING_COPY, SETTING_PASTE } from "./protocol.js";
import type { BrowserMessage } from "./protocol.js";

/** navigator.clipboard, or what a test puts in its place. */
export interface ClipboardAccess {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
}

/** The clipboard panel: a text field the user can paste into and copy from. */
export interface ClipboardPanel {
  /** Which ways the pool allows; the panel hides what it may not do. */
  allow(paste: boolean, copy: boolean): void;
  /** Shows the guest's text, for the user to copy by hand, with why it is there. */
  offer(text: string, why: string): void;
  /** Opens the panel for the user to paste into, with why. */
  ask(why: string): void;
}

export class ClipboardSync {
  private paste = false;
  private copy = false;
  private maxBytes = MAX_CLIPBOARD_BYTES;
  /** What the guest holds as far as we know: never sent twice, never echoed back. */
  private last: string | null = null;

  constructor(
    private readonly send: (m: BrowserMessage) => void,
    private readonly access: ClipboardAccess | null,
    private readonly panel: ClipboardPanel,
  ) {}

  /** The gateway's SETTINGS. */
  settings(flags: number, maxBytes: number): void {
    this.paste = (flags & SETTING_PASTE) !== 0;
    this.copy = (flags & SETTING_COPY) !== 0;
    this.maxBytes = Math.min(maxBytes, MAX_CLIPBOARD_BYTES);
    this.panel.allow(this.paste, this.copy);
  }

  /**
   * Sends the browser's clipboard to the guest; resolves once sent, or not. On a paste key
   * ({@code always}) even the text sent before: the guest's clipboard agent may have come up
   * since (the first seconds of a session), and the user pastes again when nothing came.
   */
  async syncToGuest(always = false): Promise<void> {
    if (!this.paste) return;
    if (!this.access) {
      this.panel.ask("This browser does not let the page read the clipboard: paste here and send it to the desktop.");
      return;
    }
    let text: string;
    try {
      text = await this.access.readText();
    } catch {
      this.panel.ask("The browser did not let the page read the clipboard: paste here and send it to the desktop.");
      return;
    }
    this.sendText(text, always);
  }

  /** Text the user put into the panel and sent. */
  sendText(text: string, always = true): void {
    if (!this.paste || (text === this.last && !always)) return;
    if (new TextEncoder().encode(text).length > this.maxBytes) {
      this.panel.ask(`The copied text is over ${Math.floor(this.maxBytes / 1024)} KiB, more than the desktop takes at once.`);
      return;
    }
    this.last = text;
    this.send({ type: "CLIPBOARD", text });
  }

  /** Text copied in the guest. */
  async copied(text: string): Promise<void> {
    if (!this.copy) return;
    this.last = text;
    if (!this.access) {
      this.panel.offer(text, "Copied in the desktop: copy it from here.");
      return;
    }
    try {
      await this.access.writeText(text);
    } catch {
      this.panel.offer(text, "Copied in the desktop; the browser did not let the page put it on the clipboard: copy it from here.");
    }
  }
}

export interface PasteKeyLike {
  type: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Ctrl+V, Ctrl+Shift+V, Cmd+V and Shift+Insert: the keys after which the guest pastes. */
export function isPasteKey(e: PasteKeyLike): boolean {
  if (e.type !== "keydown" || e.altKey) return false;
  if (e.code === "KeyV") return e.ctrlKey !== e.metaKey;
  return e.code === "Insert" && e.shiftKey && !e.ctrlKey && !e.metaKey;
}
