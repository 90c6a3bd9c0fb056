// Building DOM for the store page: strings always become text nodes, never markup.
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

/** A status line whose text can be replaced; `tone` styles errors. */
export function statusLine(name: string): HTMLParagraphElement & {say(text: string, tone?: "ok" | "error" | "info"): void} {
  const p = h("p", {class: "store-status", role: "status", "data-status": name}) as HTMLParagraphElement & {say(text: string, tone?: "ok" | "error" | "info"): void};
  p.say = (text, tone = "info") => {
    p.textContent = text;
    p.dataset.tone = tone;
  };
  return p;
}

/** Today's date in the reader's time zone, YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
