import {describe, expect, it} from "vitest";
import {mergeTimeline, missedInterest, normaliseTerm, purchaseMatches, visitItems, type PurchaseRow, type SearchRow} from "../../src/store/timeline.js";
import type {StoreRecord} from "../../src/store/records.js";
import {visit} from "./helpers.js";

const purchases: PurchaseRow[] = [
  {date: "2018-05-10", category: "여성의류", product: "[브랜드] 여성 니트 가디건", amount: 39000, units: 1},
  {date: "2018-06-01", category: "화장품/뷰티케어", product: "수분 크림 50ml", amount: 25000, units: 2}
];
const searches: SearchRow[] = [
  {date: "2018-05-01", keyword: "니트", searches: 3},
  {date: "2018-05-20", keyword: "니트", searches: 1},
  {date: "2018-05-02", keyword: "화장품 세트", searches: 2},
  {date: "2018-07-01", keyword: "캠핑 의자", searches: 5},
  {date: "2018-07-02", keyword: "가디건", searches: 1}
];
const records: StoreRecord[] = [
  visit({date: "2018-05-05", entryId: "v1", items: "니트; 운동화", bought: false, notes: "<b>x</b>"}),
  visit({date: "2018-05-06", entryId: "v2", items: "모자", bought: true, minutes: 3}),
  {kind: "survey", memberId: "1001", entryId: "s", date: "2018-05-05", favourite: "clothing", reason: "variety", channel: "offline_to_online"}
];

describe("matching interest with purchases", () => {
  it("normalises case, width and spaces", () => {
    expect(normaliseTerm(" Ｎｉｋｅ  Air ")).toBe("nikeair");
  });
  it("matches product names and category names", () => {
    expect(purchaseMatches("니트", purchases[0])).toBe(true);
    expect(purchaseMatches("화장품 세트", purchases[1])).toBe(true);
    expect(purchaseMatches("여성의류 세일", purchases[0])).toBe(true);
    expect(purchaseMatches("캠핑", purchases[0])).toBe(false);
    expect(purchaseMatches("   ", purchases[0])).toBe(false);
  });
  it("splits staff items", () => {
    expect(visitItems({items: "니트, 청바지;\n 모자 ,"})).toEqual(["니트", "청바지", "모자"]);
  });
});

describe("mergeTimeline", () => {
  it("puts every event on one sorted timeline", () => {
    const t = mergeTimeline({purchases, searches, records});
    expect(t.map((e) => `${e.date} ${e.channel} ${e.kind} ${e.label}`)).toEqual([
      "2018-05-01 online search 니트",
      "2018-05-02 online search 화장품 세트",
      "2018-05-05 offline survey Sign-up survey (가입 설문)",
      "2018-05-05 offline visit 니트; 운동화",
      "2018-05-06 offline visit 모자",
      "2018-05-10 online purchase [브랜드] 여성 니트 가디건",
      "2018-05-20 online search 니트",
      "2018-06-01 online purchase 수분 크림 50ml",
      "2018-07-01 online search 캠핑 의자",
      "2018-07-02 online search 가디건"
    ]);
    const conv = Object.fromEntries(t.filter((e) => e.converted !== null).map((e) => [`${e.date} ${e.label}`, e.converted]));
    expect(conv).toEqual({
      "2018-05-01 니트": true, "2018-05-20 니트": true, "2018-05-02 화장품 세트": true, "2018-07-01 캠핑 의자": false,
      "2018-07-02 가디건": false, "2018-05-05 니트; 운동화": false, "2018-05-06 모자": true
    });
    expect(t.find((e) => e.kind === "visit" && !e.converted)?.detail).toBe("12 min considered · not bought · <b>x</b>");
    expect(t.find((e) => e.kind === "survey")?.detail).toBe("favourite Clothing (의류) · why Variety (다양해서) · channel See offline, buy online (오프라인에서 보고 온라인 구매)");
  });
});

describe("missedInterest", () => {
  it("lists keywords and store items with no purchase since", () => {
    expect(missedInterest({purchases, searches, records})).toEqual([
      {source: "store visit", term: "운동화", first: "2018-05-05", last: "2018-05-05", detail: "considered 12 min at ₩59,000, not bought · <b>x</b>"},
      {source: "online search", term: "캠핑 의자", first: "2018-07-01", last: "2018-07-01", detail: "searched 5 times, nothing matching bought since"},
      {source: "online search", term: "가디건", first: "2018-07-02", last: "2018-07-02", detail: "searched 1 time, nothing matching bought since"}
    ]);
  });
});
