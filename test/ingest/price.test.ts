import {describe, expect, it} from "vitest";
import {correctPrice, PRICE_IN_THOUSANDS_RULES, priceThreshold} from "../../src/ingest/price.js";

describe("the thousands-price rule", () => {
  it("derives a threshold per big-ticket category from its mean price", () => {
    expect(Object.fromEntries(PRICE_IN_THOUSANDS_RULES.map((r) => [`${r.clac1}${r.clac2 ? `/${r.clac2}` : ""}`, r.below]))).toEqual({
      "가구": 10_000, "냉장/세탁가전": 10_000, "영상/음향가전": 10_000, "계절가전": 10_000, "생활/주방가전": 9_000,
      "컴퓨터/컴퓨터/노트북": 10_000, "모바일/모바일기기": 10_000
    });
  });

  it("applies only to those categories", () => {
    expect(priceThreshold("가구", "침실가구")).toBe(10_000);
    expect(priceThreshold("컴퓨터", "컴퓨터주변기기")).toBeNull();
    expect(priceThreshold("여성의류", "여성의류상의")).toBeNull();
  });

  it("scales a price recorded in thousands, leaves real prices alone", () => {
    expect(correctPrice(1290, "냉장/세탁가전", "세탁기")).toEqual({price: 1_290_000, scaled: true});
    expect(correctPrice(9370, "가구", "시공/DIY가구")).toEqual({price: 9_370_000, scaled: true});
    expect(correctPrice(39_000, "가구", "수납가구")).toEqual({price: 39_000, scaled: false});
    expect(correctPrice(3000, "컴퓨터", "컴퓨터주변기기")).toEqual({price: 3000, scaled: false});
    expect(correctPrice(0, "가구", "수납가구")).toEqual({price: 0, scaled: false});
  });
});
