import {describe, expect, it} from "vitest";
import {parseCustomerId} from "../../docs/components/preference-id.js";
import {pickDip, type DipChoice} from "../../docs/components/profile-forecast.js";

describe("customer id validation", () => {
  it("accepts digits only and rejects everything else with a message", () => {
    expect(parseCustomerId(" 12345 ")).toEqual({ok: true, id: 12345});
    expect(parseCustomerId("1,551,700")).toEqual({ok: true, id: 1551700});
    for (const bad of ["", "1 OR 1=1", "<b>x</b>", "-5", "1e3", "12.0", "٣٤", "99999999999", "1,55,1700", "1,551,70", null]) {
      const r = parseCustomerId(bad);
      expect(r.ok, String(bad)).toBe(false);
    }
    expect(parseCustomerId("2147483648").ok).toBe(false);
  });
});

describe("dip choice", () => {
  const dip = (start: string, end: string, minRatio: number, kind: DipChoice["kind"] = "future"): DipChoice =>
    ({key: `${kind}:${start}`, kind, start, end, days: 1, minRatio, shortfall: 1 - minRatio, label: start});
  const choices = [dip("2018-10-03", "2018-10-03", 0.8), dip("2018-09-23", "2018-09-25", 0.6, "backtest"), dip("2018-10-09", "2018-10-10", 0.7)];
  it("defaults to the deepest window and honours a URL date (start or inside)", () => {
    expect(pickDip(choices, null)?.start).toBe("2018-09-23");
    expect(pickDip(choices, "2018-10-03")?.start).toBe("2018-10-03");
    expect(pickDip(choices, "2018-10-10")?.start).toBe("2018-10-09");
    expect(pickDip(choices, "2018-12-01")?.start).toBe("2018-09-23");
    expect(pickDip([], "2018-10-03")).toBeNull();
  });
});
