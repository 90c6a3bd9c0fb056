import {describe, expect, it} from "vitest";
import {entryCoupons, type Coupon} from "../../src/store/coupons.js";
import {parseCustomerRow} from "../../src/store/profile.js";
import type {SurveyRecord} from "../../src/store/records.js";
import {customerRow} from "./helpers.js";

const coupons = (over: Record<string, unknown> = {}, survey: SurveyRecord | null = null, options = {}) =>
  entryCoupons({memberId: "1001", profile: parseCustomerRow(customerRow(over)), survey}, options);
const keys = (cs: Coupon[]) => cs.map((c) => c.key);
const byKey = (cs: Coupon[], key: string) => cs.find((c) => c.key === key)!;
const survey = (over: Partial<SurveyRecord> = {}): SurveyRecord => ({kind: "survey", memberId: "1001", entryId: "s", date: "2026-11-30", favourite: "cosmetics", reason: "cheap", channel: "offline", ...over});

describe("entryCoupons", () => {
  it("star + meticulous: tier points, thank-you gift, rank-1 category, review reward", () => {
    const cs = coupons();
    expect(keys(cs)).toEqual(["tier-points", "star-thanks", "preference-category", "type-review"]);
    expect(byKey(cs, "tier-points").benefit).toBe("0.8% of today's purchase back as points.");
    expect(byKey(cs, "tier-points").reason).toBe("스타 Star tier: R3 F2 M2; the Star point rate is 0.8%.");
    expect(byKey(cs, "star-thanks").reason).toBe("스타 Star: engaged (R+F = 5 > 4) and ₩450,000 spent online (M2).");
    expect(byKey(cs, "preference-category").reason).toBe("Rank-1 preference (선호 1순위): 여성의류 (Women's clothing), index 100.0; next 화장품/뷰티케어 (Cosmetics / beauty) 81.3, 패션잡화 (Fashion accessories) 60.0.");
    expect(byKey(cs, "type-review").reason).toMatch(/^덜 꼼꼼이 less meticulous \(pattern 1101: time, page views, searches, price\): long consideration/);
  });
  it("uses the point rate of the data, not a constant", () => {
    expect(byKey(coupons({point_rate: 0.012}), "tier-points").benefit).toBe("1.2% of today's purchase back as points.");
  });
  it("butterfly: a short-lived re-visit coupon with the last purchase date", () => {
    const c = byKey(coupons({tier: "butterfly", r: 1, f: 1, m: 3, total: 1_500_000, point_rate: 0.005}), "butterfly-revisit");
    expect(c.validDays).toBe(7);
    expect(c.reason).toBe("나비 Butterfly: ₩1,500,000 spent online (M3) but rarely (R+F = 2 ≤ 4); last online purchase 2018-09-12: a short-lived coupon brings the next visit forward.");
    expect(byKey(coupons({tier: "butterfly"}, null, {revisitDays: 3}), "butterfly-revisit").validDays).toBe(3);
  });
  it("chicken rib: the spend that reaches the next grade, under the thresholds chosen", () => {
    const row = {tier: "chicken_rib", r: 3, f: 3, m: 1, total: 62_500, point_rate: 0.003};
    expect(byKey(coupons(row), "chicken-rib-next-tier").benefit).toBe("Spend ₩37,500 more to become 스타 Star and earn 0.8% points; today's deals (BIG딜) count.");
    expect(byKey(coupons({...row, m: 2, total: 400_000}, null, {thresholds: {highM: 3}}), "chicken-rib-next-tier").benefit).toMatch(/^Spend ₩600,000 more/);
    expect(keys(coupons({...row, total: 150_000}))).not.toContain("chicken-rib-next-tier");
  });
  it("unmanaged: welcome gift for a one-day buyer, else the grade page", () => {
    const row = {tier: "unmanaged", r: 1, f: 1, m: 1, total: 30_000, point_rate: 0.001};
    const first = coupons({...row, first_date: "2018-05-02", last_date: "2018-05-02", mean_day: null});
    expect(keys(first)).toContain("unmanaged-welcome");
    expect(byKey(first, "unmanaged-welcome").reason).toBe("관리제외 Unmanaged: bought online on one day only (2018-05-02): a first-time buyer.");
    expect(keys(coupons({...row, first_date: "2018-04-02", last_date: "2018-05-02"}))).toContain("unmanaged-grade-page");
  });
  it("behaviour types: 1+1 for easygoing, replenishment for enthusiast", () => {
    expect(byKey(coupons({type: "easygoing", subtype: "more", bits: "0000"}), "type-bundle").title).toBe("1+1 / 2+1 deal (1+1 쿠폰)");
    const e = byKey(coupons({type: "enthusiast", subtype: "more", bits: "0011", mean_day: 20.4}), "type-replenish");
    expect(e.benefit).toBe("10% off a repurchase in 여성의류 (Women's clothing).");
    expect(e.reason).toMatch(/repurchases every 20 days on average; last online purchase 2018-09-12\.$/);
    expect(keys(coupons({type: null, subtype: null, bits: null}))).toEqual(["tier-points", "star-thanks", "preference-category"]);
  });
  it("a member who never bought online gets the first-visit welcome, not a tier coupon", () => {
    const noBuy = parseCustomerRow(customerRow({sessions: 0, lines: 0, total: 0, first_date: null, last_date: null, mean_day: null, r: null, f: null, m: null, tier: null, point_rate: null, type: null, subtype: null, bits: null, top1: null, top2: null, top3: null}));
    const c = entryCoupons({memberId: "1001", profile: noBuy});
    expect(keys(c)).toEqual(["first-visit-welcome"]);
    expect(c[0].reason).toBe("Member 1001 has no online purchase record: a first-time customer.");
  });
  it("no online record: a first-visit welcome, and the survey's favourite", () => {
    const none = entryCoupons({memberId: "77", profile: null});
    expect(keys(none)).toEqual(["first-visit-welcome"]);
    expect(none[0].reason).toBe("Member 77 has no online purchase record: a first-time customer.");
    const withSurvey = entryCoupons({memberId: "77", profile: null, survey: survey()}, {categoryDiscount: 0.15});
    expect(byKey(withSurvey, "survey-category")).toMatchObject({
      title: "Cosmetics coupon (화장품 쿠폰)",
      benefit: "15% off cosmetics (화장품/뷰티케어 (Cosmetics / beauty)).",
      reason: "Sign-up survey (가입 설문) of 2026-11-30: favourite Cosmetics (화장품), because cheap (저렴해서); no online ranking yet."
    });
  });
  it("a survey that agrees with the online rank-1 adds nothing; one that differs adds its category", () => {
    expect(keys(coupons({}, survey({favourite: "clothing"})))).not.toContain("survey-category");
    expect(byKey(coupons({}, survey()), "survey-category").reason).toMatch(/; online rank-1 is 여성의류 \(Women's clothing\)\.$/);
  });
  it("refuses bad options, naming them", () => {
    expect(() => coupons({}, null, {categoryDiscount: 2})).toThrow(/categoryDiscount = 2: expected a number in 0..1/);
    expect(() => coupons({}, null, {revisitDays: 0.5})).toThrow(/revisitDays = 0.5/);
    expect(() => coupons({}, null, {thresholds: {highM: 4}})).toThrow(/highM = 4/);
  });
});
