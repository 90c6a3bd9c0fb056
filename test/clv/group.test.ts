import {describe, expect, it} from "vitest";
import {denseIds, groupRows} from "../../src/clv/group.js";
import * as api from "../../src/index.js";

describe("groupRows", () => {
  it("groups rows equal in every column and keeps a representative row", () => {
    const a = Float64Array.from([1, 2, 1, 1, 2, 0.5]);
    const b = Float64Array.from([3, 3, 3, 4, 3, 3]);
    const {groups, groupOf, firstRow} = groupRows([a, b], 6);
    expect(groups).toBe(4);
    expect(groupOf[0]).toBe(groupOf[2]);
    expect(groupOf[1]).toBe(groupOf[4]);
    expect(new Set(groupOf).size).toBe(4);
    for (let i = 0; i < 6; i++) {
      const r = firstRow[groupOf[i]];
      expect([a[r], b[r]]).toEqual([a[i], b[i]]);
    }
  });

  it("falls back to a Map of packed keys, then of strings, when the packed keys grow too large", () => {
    const n = 3000;
    // 5 columns of 1,500 values: 1500⁵ ≈ 7.6e15 fits a double but not with the row index; 6 columns do not fit at all
    for (const width of [5, 6]) {
      const cols = Array.from({length: width}, (_, k) => Float64Array.from({length: n}, (_, i) => (i % 1500) * (k + 1) + 0.5));
      const {groups, groupOf} = groupRows(cols, n);
      expect(groups).toBe(1500);
      for (let i = 0; i < 1500; i++) expect(groupOf[i]).toBe(groupOf[i + 1500]);
    }
  });
});

describe("denseIds", () => {
  it("numbers the distinct values in order of first appearance, up to n", () => {
    const {id, values} = denseIds(Float64Array.from([7, 3, 7, 0.5, 3, 9]), 5);
    expect(Array.from(id)).toEqual([0, 1, 0, 2, 1]);
    expect(values).toEqual([7, 3, 0.5]);
  });
});

describe("the package entry point", () => {
  it("exports both fits by name and the whole module as clv", () => {
    expect(api.fitBgNbd).toBe(api.clv.fitBgNbd);
    expect(api.fitGammaGamma).toBe(api.clv.fitGammaGamma);
    expect(typeof api.clv.customerLifetimeValue).toBe("function");
    expect(typeof api.clv.calibrationHoldout).toBe("function");
  });
});
