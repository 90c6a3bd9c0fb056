import {describe, expect, it} from "vitest";
import {categoryStatus, evaluationPlan} from "../../src/forecast/plan.js";

const ok = (n: number, lstm: boolean) => {
  const r = evaluationPlan(n, {lstm});
  if (!r.ok) throw new Error(r.reason);
  return r.plan;
};

describe("evaluation plan", () => {
  it("tests the last 13 weeks of six months after 4 calibration weeks", () => {
    expect(ok(183, true)).toMatchObject({calStart: 64, evalStart: 92, evalDays: 91, calibrationDays: 28, refitEvery: 7});
  });
  it("adapts to short data in whole weeks, or says why not", () => {
    expect(ok(31, false)).toMatchObject({evalDays: 7, calibrationDays: 7, calStart: 17});
    expect(evaluationPlan(31, {lstm: true})).toEqual({ok: false, reason: "31 days: the LSTM needs 28 days to train on, then a week to calibrate the intervals and a week to test on (42 days)"});
    expect(ok(35, false)).toMatchObject({evalDays: 14, calibrationDays: 7});
    expect(ok(42, true)).toMatchObject({evalDays: 7, calibrationDays: 7, calStart: 28});
    expect(ok(56, true)).toMatchObject({evalDays: 21, calibrationDays: 7, calStart: 28});
    expect(evaluationPlan(20, {lstm: false}).ok).toBe(false);
    expect(() => evaluationPlan(-1, {lstm: false})).toThrow("invalid n: -1");
    expect(() => evaluationPlan(100, {lstm: false, calibrationDays: 3})).toThrow("invalid calibrationDays: 3");
  });
});

describe("category status", () => {
  const days = (n: number, zeroEvery = 0) => Array.from({length: n}, (_, i) => (zeroEvery && i % zeroEvery === 0 ? 0 : 100 + (i % 7)));
  it("full, baselines, weekly pattern only or nothing, with the reason", () => {
    expect(categoryStatus(days(183))).toMatchObject({status: "full", zeroDays: 0});
    expect(categoryStatus(days(183, 30))).toMatchObject({status: "full", zeroDays: 7});
    expect(categoryStatus(days(183, 30)).reason).toMatch(/additive/);
    const gaps = categoryStatus(days(183, 5));
    expect(gaps).toMatchObject({status: "baselines", zeroDays: 37});
    expect(gaps.reason).toMatch(/no sales on 37 of 183 days \(20%, above 10%\)/);
    expect(categoryStatus(days(183, 2))).toMatchObject({status: "describe"});
    expect(categoryStatus(days(31))).toMatchObject({status: "baselines", plan: {evalDays: 7}});
    expect(categoryStatus(days(31)).reason).toMatch(/^31 days: the LSTM needs/);
    expect(categoryStatus(days(20))).toMatchObject({status: "describe", plan: null});
    expect(categoryStatus(days(10))).toMatchObject({status: "none"});
    expect(categoryStatus([...Array(50).fill(0), 5, 5, 5])).toMatchObject({status: "none", reason: "sold on 3 of 53 days: too few to show any pattern"});
    expect(categoryStatus(days(183), {lstmAvailable: false})).toMatchObject({status: "baselines", reason: "the LSTM was not trained in this run"});
    expect(() => categoryStatus([1, -2])).toThrow("invalid revenue at index 1: -2");
  });
});
