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

/** Ranked horizontal bars with share-of-total tips. Labels are text (Plot never parses markup). */
export function RankedBars(data: readonly Record<string, unknown>[], {width = 640, x, y, label, format = ",d", yLabel = (v) => v, sort = true, color = "var(--theme-foreground-focus)", marginLeft = 160, percent = true}: BarOptions) {
  const total = data.reduce((s, d) => s + Number(d[x]), 0);
  const rows = data.map((d) => ({...d, __y: yLabel(String(d[y])), __share: total ? Number(d[x]) / total : 0}));
  return Plot.plot({
    width,
    height: Math.max(120, rows.length * 20 + 40),
    marginLeft,
    x: {label: label ?? x, grid: true, tickFormat: format},
    y: {label: null, domain: sort ? undefined : rows.map((d) => d.__y)},
    marks: [
      Plot.barX(rows, {x, y: "__y", fill: color, sort: sort ? {y: "-x"} : undefined, tip: {format: {x: format, __share: percent ? ".1%" : false}},
        channels: {share: {value: "__share", label: "share"}}}),
      Plot.text(rows, {x, y: "__y", text: (d) => (percent ? `${(d.__share * 100).toFixed(1)}%` : ""), dx: 4, textAnchor: "start", fill: "currentColor", fontSize: 10}),
      Plot.ruleX([0])
    ]
  });
}
