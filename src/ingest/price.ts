/**
 * Prices recorded in thousands. Some products of expensive categories carry a unit price of e.g.
 * 1,290 where 1,290,000 KRW is meant (as published descriptions of the real files show; a peer team fixed them by hand). Rule: in a
 * big-ticket category, a unit price below `below` KRW is taken as thousands and multiplied by 1000.
 * `below` = the category's mean raw price / 25, rounded down to 1,000 and capped at 10,000 KRW:
 * a real price that low is implausible there, while a price in thousands is about mean / 1000.
 * Computer and mobile are restricted to their device mid-categories, whose accessories are cheap.
 */
export interface PriceRule {
  clac1: string;
  /** Only this mid category of clac1 (null: all of clac1). */
  clac2: string | null;
  /** Mean raw PD_BUY_AM of the category in the real data (a published aggregate table of the real data per CLAC1 and CLAC2). */
  meanKrw: number;
  below: number;
}

export const PRICE_SCALE = 1000;

function rule(clac1: string, clac2: string | null, meanKrw: number): PriceRule {
  return {clac1, clac2, meanKrw, below: Math.min(10_000, Math.floor(meanKrw / 25 / 1000) * 1000)};
}

export const PRICE_IN_THOUSANDS_RULES: readonly PriceRule[] = [
  rule("가구", null, 268_032),
  rule("냉장/세탁가전", null, 978_851),
  rule("영상/음향가전", null, 530_043),
  rule("계절가전", null, 365_828),
  rule("생활/주방가전", null, 233_616),
  rule("컴퓨터", "컴퓨터/노트북", 884_293),
  rule("모바일", "모바일기기", 422_838)
];

/** The threshold below which a price in this category is read as thousands, or null if the rule does not apply. */
export function priceThreshold(clac1: string, clac2: string, rules: readonly PriceRule[] = PRICE_IN_THOUSANDS_RULES): number | null {
  const hit = rules.find((r) => r.clac1 === clac1 && (r.clac2 === null || r.clac2 === clac2));
  return hit ? hit.below : null;
}

/** Unit price in KRW after the thousands rule, and whether it was scaled. */
export function correctPrice(price: number, clac1: string, clac2: string, rules: readonly PriceRule[] = PRICE_IN_THOUSANDS_RULES): {price: number; scaled: boolean} {
  const below = priceThreshold(clac1, clac2, rules);
  return below !== null && price > 0 && price < below ? {price: price * PRICE_SCALE, scaled: true} : {price, scaled: false};
}
