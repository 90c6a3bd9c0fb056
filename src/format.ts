/** How numbers read on every page: English digit grouping, KRW with ₩, shares in percent. */

/** 1,234,567 */
export function count(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–";
}

/** 12.3% (digits after the point, default 1) */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : "–";
}

/** ₩1,234,567, whole won */
export function won(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return `${x < 0 ? "−" : ""}₩${Math.abs(Math.round(x)).toLocaleString("en-US")}`;
}

/**
 * A large amount in the unit that keeps 3–4 significant digits: ₩1.62 bn, ₩234.5 M, ₩12,345; the
 * unit follows the amount, so ₩1.6 M is never "0 bn".
 */
export function compactWon(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const a = Math.abs(x);
  const sign = x < 0 ? "−" : "";
  if (a >= 1e12) return `${sign}₩${(a / 1e12).toLocaleString("en-US", {maximumFractionDigits: 2})} tn`;
  if (a >= 1e9) return `${sign}₩${(a / 1e9).toLocaleString("en-US", {maximumFractionDigits: a >= 1e11 ? 0 : a >= 1e10 ? 1 : 2})} bn`;
  if (a >= 1e6) return `${sign}₩${(a / 1e6).toLocaleString("en-US", {maximumFractionDigits: a >= 1e8 ? 0 : a >= 1e7 ? 1 : 2})} M`;
  return won(x);
}
