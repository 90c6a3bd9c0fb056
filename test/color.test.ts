import {describe, expect, it} from "vitest";
import {contrastRatio, luminance, parseColor, textOn} from "../src/color.js";

describe("contrast", () => {
  it("follows WCAG 2.1", () => {
    expect(contrastRatio("#000", "#fff")).toBeCloseTo(21, 6);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(luminance("rgb(255, 255, 255)")).toBe(1);
    expect(parseColor("#4269d0")).toEqual([66, 105, 208]);
    expect(() => parseColor("var(--theme-foreground-focus)")).toThrow("unsupported colour");
  });
  it("puts dark text on light fills and white text on dark fills, at AA or better", () => {
    for (const fill of ["#ffffff", "#eef3fb", "#d7dbe0", "#e8a317", "#2a5db0", "#1b3a78", "#000000"]) {
      expect(contrastRatio(fill, textOn(fill)), fill).toBeGreaterThanOrEqual(4.5);
    }
    expect(textOn("#1b3a78")).toBe("#ffffff");
    expect(textOn("#eef3fb")).toBe("#000000");
    for (let v = 0; v <= 255; v++) {
      const grey = `rgb(${v}, ${v}, ${v})`;
      expect(contrastRatio(grey, textOn(grey)), grey).toBeGreaterThanOrEqual(4.5);
    }
  });
});
