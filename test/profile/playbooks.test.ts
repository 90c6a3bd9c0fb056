import {describe, expect, it} from "vitest";
import {customerActions, replenishment, TIER_PLAYBOOKS, TYPE_PLAYBOOKS, whatIfPurchase, type CustomerProfile} from "../../src/profile/playbooks.js";
import {DEFAULT_THRESHOLDS} from "../../src/value/rules.js";

const HANGUL_IN_PARENS = /\([^)]*[\uAC00-\uD7A3][^)]*\)/;

function profile(over: Partial<CustomerProfile>): CustomerProfile {
  return {
    clnt_id: 1,
    member: {age: 30, gender: "F"},
    base: {months_ago: 0, n_dates: 3, mean_day: 10, total: 20_000, first_date: "2018-09-01", last_date: "2018-09-21"},
    behaviour: null,
    preference: [],
    categories: [],
    asOf: "2018-09-30",
    ...over
  };
}

describe("playbooks", () => {
  it("every playbook and item is labelled in English with the Korean term beside it", () => {
    for (const pb of [...Object.values(TIER_PLAYBOOKS), ...Object.values(TYPE_PLAYBOOKS)]) {
      expect(pb.label).toMatch(HANGUL_IN_PARENS);
      for (const it of pb.items) expect(it.title).toMatch(HANGUL_IN_PARENS);
    }
    expect(TIER_PLAYBOOKS["chicken-rib"].label).toBe("Chicken rib (계륵)");
    expect(TYPE_PLAYBOOKS.meticulous.label).toBe("Meticulous (꼼꼼이)");
  });
});

describe("tier actions", () => {
  it("chicken rib: how much more spend reaches Star under the current thresholds", () => {
    const a = customerActions(profile({}));
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({source: "tier", playbook: "chicken-rib", key: "spend-nudge", amount: 80_000});
    expect(a[0].detail).toContain("₩80,000 more");
    expect(a[0].detail).toContain("Star (스타)");
    const strict = customerActions(profile({thresholds: {highM: 3}}));
    expect(strict[0].amount).toBe(980_000);
    const low = customerActions(profile({thresholds: {m2: 50_000}}));
    expect(low[0].amount).toBe(30_000);
  });

  it("star: the package names the top categories and the points are 0.8% of spend", () => {
    const a = customerActions(profile({base: {months_ago: 0, n_dates: 5, mean_day: 7, total: 2_000_000, first_date: "2018-08-01", last_date: "2018-08-29"}, preference: [{category: "여성의류", rank: 1}, {category: "패션잡화", rank: 2}]}));
    expect(a.map((x) => x.key)).toEqual(["thank-you-package", "points"]);
    expect(a[0].detail).toContain("여성의류 (Women's clothing)");
    expect(a[1].amount).toBeCloseTo(16_000, 9);
    expect(a[1].detail).toContain("₩16,000");
  });

  it("butterfly: a short coupon, and one purchase now would make a star", () => {
    const base = {months_ago: 4, n_dates: 1, mean_day: null, total: 500_000, first_date: "2018-05-10", last_date: "2018-05-10"};
    expect(whatIfPurchase(base, "2018-09-30", 0, DEFAULT_THRESHOLDS)).toMatchObject({r: 3, f: 2, tier: "star"});
    const a = customerActions(profile({base, categories: [{category: "건강식품", lines: 1, n_dates: 1, first_date: "2018-05-10", last_date: "2018-05-10", amount: 500_000}]}));
    expect(a.map((x) => x.key)).toEqual(["relogin-coupon", "past-purchase-email"]);
    expect(a[0].due).toBe("2018-10-03");
    expect(a[0].detail).toContain("Star (스타)");
    expect(a[1].detail).toContain("건강식품 (Health food)");
  });

  it("unmanaged: welcome gift for a first-time buyer, grade page otherwise", () => {
    const first = customerActions(profile({base: {months_ago: 5, n_dates: 1, mean_day: null, total: 10_000, first_date: "2018-04-03", last_date: "2018-04-03"}}));
    expect(first.map((x) => x.key)).toEqual(["welcome-gift"]);
    const back = customerActions(profile({base: {months_ago: 4, n_dates: 2, mean_day: 60, total: 10_000, first_date: "2018-04-01", last_date: "2018-05-31"}}));
    expect(back[0]).toMatchObject({key: "grade-page", amount: 90_000});
    expect(customerActions(profile({base: null}))[0].key).toBe("welcome-gift");
  });

  it("what-if purchases must come after the last one", () => {
    expect(() => whatIfPurchase({months_ago: 0, n_dates: 1, mean_day: null, total: 1, first_date: "2018-09-30", last_date: "2018-09-30"}, "2018-09-30", 0, DEFAULT_THRESHOLDS)).toThrow("2018-09-30");
  });
});

describe("type actions", () => {
  const cats = [
    {category: "화장품/뷰티케어", lines: 6, n_dates: 3, first_date: "2018-06-01", last_date: "2018-07-31", amount: 90_000},
    {category: "건강식품", lines: 1, n_dates: 1, first_date: "2018-09-10", last_date: "2018-09-10", amount: 40_000},
    {category: "여성의류", lines: 9, n_dates: 4, first_date: "2018-04-01", last_date: "2018-09-01", amount: 300_000}
  ];

  it("enthusiast: replenishment names the top consumable and its due date (mean repurchase gap or usage period)", () => {
    // by preference: health food first → one purchase day → default usage period 30 days
    expect(replenishment(profile({categories: cats, preference: [{category: "건강식품", rank: 1}, {category: "화장품/뷰티케어", rank: 2}]}))).toEqual({
      category: "건강식품",
      due: "2018-10-10",
      basis: "usage period"
    });
    // without a ranking: most lines → cosmetics, gap ceil(60 / 2) = 30 days after 07-31
    expect(replenishment(profile({categories: cats}))).toEqual({category: "화장품/뷰티케어", due: "2018-08-30", basis: "repurchase gap"});
    expect(replenishment(profile({categories: [cats[2]]}))).toBeNull();
    const a = customerActions(profile({categories: cats, behaviour: {pattern: "0011", type: "enthusiast"}}));
    const push = a.find((x) => x.key === "replenishment")!;
    expect(push).toMatchObject({source: "type", category: "화장품/뷰티케어", due: "2018-08-30"});
    expect(a.find((x) => x.key === "cross-recommendation")!.detail).toContain("husband (남편)");
    expect(a.find((x) => x.key === "referral")!.detail).toContain("1.5%");
  });

  it("meticulous: pattern page, co-purchase partners, unboxing reward one grade up", () => {
    const a = customerActions(
      profile({
        categories: cats,
        behaviour: {pattern: "1101", type: "meticulous"},
        preference: [{category: "여성의류", rank: 1}],
        coPurchase: [
          {a: "여성의류", b: "패션잡화", sessions: 50},
          {a: "속옷/양말/홈웨어", b: "여성의류", sessions: 20},
          {a: "남성의류", b: "스포츠패션", sessions: 99}
        ]
      })
    );
    const keys = a.filter((x) => x.source === "type").map((x) => x.key);
    expect(keys).toEqual(["comparison-tool", "same-pattern-page", "co-purchase", "unboxing-review"]);
    expect(a.find((x) => x.key === "same-pattern-page")!.detail).toContain("Less meticulous (덜 꼼꼼이)");
    expect(a.find((x) => x.key === "co-purchase")!.detail).toContain("패션잡화 (Fashion accessories), 속옷/양말/홈웨어");
    expect(a.find((x) => x.key === "unboxing-review")!.detail).toContain("Butterfly (나비)");
  });

  it("easygoing: deals in the top category and outfit pages for a clothing category", () => {
    const a = customerActions(profile({categories: cats, behaviour: {pattern: "0000", type: "easygoing"}, preference: [{category: "화장품/뷰티케어", rank: 1}, {category: "여성의류", rank: 2}]}));
    expect(a.find((x) => x.key === "multi-buy")!.category).toBe("화장품/뷰티케어");
    expect(a.find((x) => x.key === "coordination")!.category).toBe("여성의류");
  });

  it("no behaviour type: tier actions only", () => {
    expect(customerActions(profile({categories: cats})).every((x) => x.source === "tier")).toBe(true);
  });
});
