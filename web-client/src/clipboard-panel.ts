// The clipboard panel (clipboard.ts's fallback, always there too): a text field under the bar,
// opened with the Clipboard button. Text copied in the desktop shows up in it when the browser
// refuses the page its clipboard; text pasted into it goes to the desktop with Send.

import type { ClipboardPanel } from "./clipboard.js";

export class DomClipboardPanel implements ClipboardPanel {
  constructor(
    private readonly button: HTMLButtonElement,
    private readonly panel: HTMLElement,
    private readonly hint: HTMLElement,
    private readonly text: HTMLTextAreaElement,
    private readonly sendButton: HTMLButtonElement,
    private readonly copyButton: HTMLButtonElement,
    sendText: (text: string) => void,
  ) {
    button.addEventListener("click", () => this.show(!this.isOpen(), ""));
    sendButton.addEventListener("click", () => sendText(text.value));
    copyButton.addEventListener("click", () => {
      text.select();
      // The one way that works without the asynchronous API (on a page served over plain HTTP).
      document.execCommand("copy");
    });
  }

  allow(paste: boolean, copy: boolean): void {
    this.button.hidden = !paste && !copy;
    this.sendButton.hidden = !paste;
    this.copyButton.hidden = !copy;
    if (this.button.hidden) this.show(false, "");
  }

  offer(text: string, why: string): void {
    this.text.value = text;
    this.show(true, why);
  }

  ask(why: string): void {
    this.show(true, why);
    this.text.focus();
  }

  private isOpen(): boolean {
    return !this.panel.hidden;
  }

  private show(open: boolean, why: string): void {
    this.panel.hidden = !open;
    this.hint.textContent = why;
    this.button.setAttribute("aria-expanded", String(open));
  }
}
