/** Colours that stay legible: WCAG 2.1 contrast of text on a fill, and the text colour to put on a fill. */

/** [r, g, b] 0..255 of "#rgb", "#rrggbb" or "rgb(r, g, b)"; throws naming anything else. */
export function parseColor(color: string): [number, number, number] {
  const c = color.trim();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(c);
  if (m) return [m[1], m[2], m[3]].map((h) => parseInt(h + h, 16)) as [number, number, number];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (m) return [m[1], m[2], m[3]].map((h) => parseInt(h, 16)) as [number, number, number];
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(c);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  throw new Error(`unsupported colour ${JSON.stringify(color)} (expected #rgb, #rrggbb or rgb())`);
}

/** WCAG relative luminance 0 (black) … 1 (white). */
export function luminance(color: string): number {
  const [r, g, b] = parseColor(color).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio 1 … 21; body text needs 4.5 (level AA). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Pure black: with any lighter "black" some mid-tone fills reach 4.5 with neither text colour.
export const DARK_TEXT = "#000000";
export const LIGHT_TEXT = "#ffffff";

/** The text colour (near-black or white) with the higher contrast on `fill`. */
export function textOn(fill: string): string {
  return contrastRatio(fill, DARK_TEXT) >= contrastRatio(fill, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}
