import * as Plot from "@observablehq/plot";

export interface BarOptions {
  width?: number;
  x: string;
  y: string;
  label?: string;
  /** Format of the value axis and tips */
  format?: string;
  /** Label each y value (e.g. add an English gloss) */
  yLabel?: (value: string) => string;
  sort?: boolean;
  color?: string;
  marginLeft?: number;
  percent?: boolean;
}

/**
 * The label column of a horizontal bar chart: `ideal` pixels wide where the chart has room, at most 45%
 * of it on a narrow screen, with labels that do not fit ending in "…" (the full label stays in the tip).
 */
export function labelColumn(width: number, ideal: number, {fontSize = 11} = {}): {marginLeft: number; axis: ReturnType<typeof Plot.axisY>} {
  const marginLeft = Math.max(40, Math.min(ideal, Math.floor(width * 0.45)));
  return {marginLeft, axis: Plot.axisY({tickSize: 0, fontSize, label: null, tickFormat: (label: string) => fitLabel(String(label), marginLeft - 12, fontSize)})};
}

/** Rough advance of one character in ems: Hangul and other wide scripts take a full em, capitals and digits more than lower case. */
function charEms(c: string): number {
  const code = c.codePointAt(0)!;
  if (code >= 0x1100 && (code <= 0x11ff || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef))) return 1;
  // measured on system-ui at 11 px, rounded up: a label must never run past the chart's edge
  if (/[mwMW@%<>=+~^]/.test(c)) return 0.92;
  if (/[A-Z0-9&]/.test(c)) return 0.74;
  if (/[ .,:;'|!()[\]ilj/·-]/.test(c)) return 0.36;
  return 0.64;
}

/** The label cut to `px` pixels at `fontSize`, ending in "…" when it was cut. */
export function fitLabel(label: string, px: number, fontSize = 11): string {
  const budget = px / fontSize;
  const chars = Array.from(label);
  if (chars.reduce((s, c) => s + charEms(c), 0) <= budget) return label;
  // cut so the kept characters and the ellipsis (about one em) fit together
  let used = 1;
  let keep = 0;
  while (keep < chars.length && used + charEms(chars[keep]) <= budget) used += charEms(chars[keep++]);
  return `${chars.slice(0, Math.max(1, keep)).join("").trimEnd()}…`;
}

/**
 * Ranked horizontal bars with share-of-total tips. Labels are text (Plot never parses markup). On a
 * narrow screen the label column shrinks to at most 45% of the width and long labels end in "…", so
 * the bars always keep room.
 */
export function RankedBars(data: readonly Record<string, unknown>[], {width = 640, x, y, label, format = ",d", yLabel = (v) => v, sort = true, color = "var(--theme-foreground-focus)", marginLeft = 160, percent = true}: BarOptions) {
  const total = data.reduce((s, d) => s + Number(d[x]), 0);
  const rows = data.map((d) => ({...d, __y: yLabel(String(d[y])), __share: total ? Number(d[x]) / total : 0}));
  const {marginLeft: left, axis} = labelColumn(width, marginLeft);
  return Plot.plot({
    width,
    height: Math.max(120, rows.length * 20 + 40),
    marginLeft: left,
    marginRight: percent ? 44 : 16,
    x: {label: label ?? x, grid: true, tickFormat: format, ticks: Math.max(2, Math.floor((width - left) / 80))},
    y: {label: null, domain: sort ? undefined : rows.map((d) => d.__y)},
    marks: [
      axis,
      Plot.barX(rows, {x, y: "__y", fill: color, sort: sort ? {y: "-x"} : undefined, tip: {format: {x: format, __share: percent ? ".1%" : false}},
        channels: {share: {value: "__share", label: "share"}}}),
      Plot.text(rows, {x, y: "__y", text: (d) => (percent ? `${(d.__share * 100).toFixed(1)}%` : ""), dx: 4, textAnchor: "start", fill: "currentColor", fontSize: 10}),
      Plot.ruleX([0])
    ]
  });
}
