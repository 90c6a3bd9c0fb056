import {describe, expect, it} from "vitest";
import {levelCorrected} from "../../src/forecast/correction.js";

// paths[k] is the path from origin start + k; its first value the one-step forecast of that day
const flat = (n: number, value: number, steps = 3) => Array.from({length: n}, () => Array.from({length: steps}, () => value));

describe("level correction (intercept correction)", () => {
  it("shifts each path by the mean one-step error over the days before its origin", () => {
    const start = 2;
    const y = [0, 0, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28];
    const paths = flat(y.length - start, 10);
    const c = levelCorrected(y, paths, start, {days: 3, minDays: 2});
    // origins 2 and 3 have fewer than 2 earlier one-step forecasts: left as they are
    expect(c[0]).toEqual([10, 10, 10]);
    expect(c[1]).toEqual([10, 10, 10]);
    // origin 4: errors on days 2, 3 = 0, 2 → +1; origin 5: days 2..4 = 0, 2, 4 → +2; origin 9: days 6..8 = 8, 10, 12 → +10
    expect(c[2]).toEqual([11, 11, 11]);
    expect(c[3]).toEqual([12, 12, 12]);
    expect(c[7]).toEqual([20, 20, 20]);
    // new arrays: the input is untouched
    expect(paths[7]).toEqual([10, 10, 10]);
  });

  it("corrects the path beyond the data from the last days' errors", () => {
    const y = [5, 5, 5, 5, 5, 5];
    const paths = [...flat(6, 3), [3, 3, 3, 3]];
    const c = levelCorrected(y, paths, 0, {days: 4});
    expect(c[6]).toEqual([5, 5, 5, 5]);
  });

  it("leaves out skipped days, needs minDays of the rest, and floors", () => {
    const y = [10, 10, 10, 10, 0, 0, 10, 10];
    const paths = flat(8, 12, 2);
    const skip = [0, 0, 0, 0, 1, 1, 0, 0];
    // origin 6: days 2..5, of which 4 and 5 skipped → 2 days at −2 each
    expect(levelCorrected(y, paths, 0, {days: 4, minDays: 2, skip})[6]).toEqual([10, 10]);
    // with minDays 3 the two left are too few
    expect(levelCorrected(y, paths, 0, {days: 4, minDays: 3, skip})[6]).toEqual([12, 12]);
    // without the skip the break days' errors (−12) pull the level down, floored at 0
    expect(levelCorrected(y, paths, 0, {days: 4, minDays: 2})[6]).toEqual([5, 5]);
    expect(levelCorrected(y.map((v) => v - 20), paths, 0, {days: 4, minDays: 2, floor: 0})[6]).toEqual([0, 0]);
  });

  it("never reads a day on or after the origin", () => {
    const y = Array.from({length: 30}, (_, i) => 100 + 10 * Math.sin(i));
    const paths = Array.from({length: 25}, (_, k) => Array.from({length: 5}, (_, i) => 90 + k + i));
    const base = levelCorrected(y, paths, 5);
    for (const d of [12, 20]) {
      const changed = levelCorrected(y.map((v, i) => (i >= d ? v * 7 : v)), paths.map((p, k) => (k + 5 > d ? p.map((v) => v * 3) : p)), 5);
      expect(changed.slice(0, d - 5 + 1)).toEqual(base.slice(0, d - 5 + 1));
    }
  });

  it("with days 0 returns copies of the paths; names bad options", () => {
    const paths = flat(4, 1);
    const c = levelCorrected([1, 2, 3, 4], paths, 0, {days: 0});
    expect(c).toEqual(paths);
    expect(c[0]).not.toBe(paths[0]);
    expect(() => levelCorrected([], [], 0, {days: -1})).toThrow("invalid correction days -1");
    expect(() => levelCorrected([], [], 0, {days: 2.5})).toThrow("invalid correction days 2.5");
    expect(() => levelCorrected([], [], 0, {days: 3, minDays: 4})).toThrow("invalid correction minDays 4 (a whole number from 1 to days, 3)");
    expect(() => levelCorrected([], [], -1)).toThrow("invalid start -1");
  });
});
