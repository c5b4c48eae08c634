// Draws the notices over the top of the desktop. A notice's text comes from the server and goes in
// with textContent only, never as markup. Elements are updated in place rather than rebuilt each
// second, so a countdown's tick does not take the focus off a button or re-announce the text.

import type { NoticeAction, ShownNotice } from "./notices.js";

const LABELS: Record<NoticeAction, string> = { TAKE_BACK: "Take back", DISMISS: "Dismiss" };

interface Item { box: HTMLElement; text: HTMLElement; countdown: HTMLElement; buttons: HTMLElement; actions: string }

export class NoticeBanner {
  private readonly items = new Map<string, Item>();

  constructor(private readonly area: HTMLElement, private readonly act: (action: NoticeAction, id: string) => void) {}

  draw(shown: ShownNotice[]): void {
    const ids = new Set(shown.map((n) => n.id));
    for (const [id, item] of this.items) {
      if (!ids.has(id)) {
        item.box.remove();
        this.items.delete(id);
      }
    }
    shown.forEach((n, i) => {
      const item = this.items.get(n.id) ?? this.create(n.id);
      item.box.dataset.level = n.level;
      item.box.dataset.kind = n.kind;
      setText(item.text, n.text);
      setText(item.countdown, n.countdown ?? "");
      item.countdown.hidden = n.countdown === null;
      const actions = n.actions.join(" ");
      if (actions !== item.actions) {
        item.buttons.replaceChildren(...n.actions.map((a) => this.button(a, n.id)));
        item.actions = actions;
      }
      const here = this.area.children[i] ?? null;
      if (here !== item.box) this.area.insertBefore(item.box, here);
    });
    this.area.hidden = shown.length === 0;
  }

  private create(id: string): Item {
    const box = document.createElement("div");
    box.className = "notice";
    const text = document.createElement("span");
    text.className = "notice-text";
    const countdown = document.createElement("span");
    countdown.className = "notice-countdown";
    countdown.setAttribute("aria-live", "off"); // a screen reader should not read out every second
    const buttons = document.createElement("span");
    buttons.className = "notice-actions";
    box.append(text, countdown, buttons);
    const item = { box, text, countdown, buttons, actions: "" };
    this.items.set(id, item);
    return item;
  }

  private button(action: NoticeAction, id: string): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = LABELS[action];
    b.addEventListener("click", () => this.act(action, id));
    return b;
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
