/**
 * The report's playbooks per value tier (Methods page: customer value) and behaviour type (Methods page: behaviour segments), and
 * customerActions, which turns them into concrete actions for one customer (Methods page: customer profile).
 */
import {addDays} from "../calendar.js";
import {monthsAgo} from "../period.js";
import {categoryLabel} from "../categories.js";
import {resolveThresholds, scoreCustomer, spendToReach, tierInfo, TIERS, type TierKey, type ValueInput, type ValueScore, type ValueThresholds} from "../value/rules.js";
import {TYPE_INFO, behaviourType, type TypeKey} from "../segment/types.js";
import {withDefaults} from "../value/bind.js";

export interface PlaybookItem {
  key: string;
  /** "Comparison tool in the cart (장바구니 비교 기능)" */
  title: string;
  detail: string;
}

export interface Playbook {
  key: TierKey | TypeKey;
  /** "Star (스타)" */
  label: string;
  summary: string;
  items: PlaybookItem[];
}

export const TIER_PLAYBOOKS: Readonly<Record<TierKey, Playbook>> = {
  star: {
    key: "star",
    label: "Star (스타)",
    summary: "High engagement and high spend: the most valuable customers; a premium strategy.",
    items: [
      {key: "thank-you-package", title: "Quarterly thank-you package (분기별 감사 패키지)", detail: "Each quarter 1,000 stars receive a thank-you package built from the products they bought."},
      {key: "points", title: "0.8% points (구매액 0.8% 포인트 적립)", detail: "Points worth 0.8% of the purchase amount (L.POINT affiliates usually grant 0.1–0.5%)."}
    ]
  },
  butterfly: {
    key: "butterfly",
    label: "Butterfly (나비)",
    summary: "Spends a lot but shows little interest in the mall: raise recency and frequency to make a star.",
    items: [
      {key: "relogin-coupon", title: "Short-lived coupon on re-login (재로그인 시 단기 쿠폰)", detail: "When the customer logs in again, send a coupon with a short expiry to trigger a purchase."},
      {key: "past-purchase-email", title: "E-mail with past purchases (기존 구매 제품 메일)", detail: "If there is no re-login, e-mail deals on the products bought before to bring the customer back."}
    ]
  },
  "chicken-rib": {
    key: "chicken-rib",
    label: "Chicken rib (계륵)",
    summary: "Engaged but spends little: raise spend to make a star.",
    items: [
      {key: "spend-nudge", title: "Landing page: spend to the next grade (등급 상향 안내 랜딩페이지)", detail: "On login, a landing page says how much more spend reaches the next grade and links to the 'BIG deal' (BIG딜) page."}
    ]
  },
  unmanaged: {
    key: "unmanaged",
    label: "Unmanaged (관리제외)",
    summary: "Little engagement and little spend, mostly one-off buyers: minimal marketing, focus elsewhere.",
    items: [
      {key: "welcome-gift", title: "Welcome gift for first-time buyers (첫 구매 웰컴 기프트)", detail: "A first purchase earns a welcome gift (e.g. a cosmetics sample) to make the first impression count."},
      {key: "grade-page", title: "Link to the membership-grade page (회원 등급제 화면 연결)", detail: "Others get no coupon, only a link to the membership-grade page that shows how to reach the next grade."}
    ]
  }
};

export const TYPE_PLAYBOOKS: Readonly<Record<TypeKey, Playbook>> = {
  meticulous: {
    key: "meticulous",
    label: TYPE_INFO.meticulous.label,
    summary: "Compares and deliberates a lot: make comparison easy and reassure the choice.",
    items: [
      {key: "comparison-tool", title: "Comparison tool in the cart (장바구니 비교 기능)", detail: "Compare the products in the cart side by side (49% of Korean shoppers want a comparison tool; SAP, N = 1,000)."},
      {key: "same-pattern-page", title: "\"Customers with your pattern bought\" page (나와 같은 패턴 고객의 구매 상품)", detail: "One page showing what customers with the same behaviour pattern bought."},
      {key: "co-purchase", title: "Co-purchase network recommendations (연결 네트워크 추천)", detail: "Recommend products connected in the co-purchase network so the exposure feels natural."},
      {key: "unboxing-review", title: "Unboxing-video review event (개봉기 영상 리뷰 이벤트)", detail: "Upload an unboxing video under a minute to the review; reward: one grade up and a thank-you coupon."}
    ]
  },
  enthusiast: {
    key: "enthusiast",
    label: TYPE_INFO.enthusiast.label,
    summary: "Decides fast and pays for what it likes, often consumables: target repurchase and referrals.",
    items: [
      {key: "replenishment", title: "Replenishment push (소모기간 경과 시 재구매 푸시)", detail: "When the usage period of a consumable passes, push the product bought before with a discount coupon."},
      {key: "cross-recommendation", title: "\"For your husband / wife\" recommendation (남편/아내를 위한 추천)", detail: "Suggest products used together or the other-gender line of the same brand."},
      {key: "referral", title: "SNS referral, 1.5% points (SNS 추천글 1.5% 적립)", detail: "Post a recommendation on a personal SNS account and get 1.5% of the purchase as points."}
    ]
  },
  easygoing: {
    key: "easygoing",
    label: TYPE_INFO.easygoing.label,
    summary: "Buys cheaply without much thought: deals, bundles and ready-made outfits.",
    items: [
      {key: "multi-buy", title: "1+1 / 2+1 deals (1+1, 2+1 행사)", detail: "Multi-buy offers suit low prices and quick decisions."},
      {key: "bundle", title: "Co-purchase bundle recommendations (공동 구매 제품 추천)", detail: "Recommend products bought together in the co-purchase network to widen exposure and browsing time."},
      {key: "coordination", title: "Outfit pages with celebrity models (연예인 코디 페이지)", detail: "Ready-made coordination pages, as shoppers ask offline for the displayed outfit ('이대로 주세요')."}
    ]
  }
};

/**
 * Default usage periods (days) of consumable categories, used for the replenishment due date when a
 * customer bought the category on one day only. Assumptions, not from the report; override per call.
 */
export const DEFAULT_USAGE_DAYS: Readonly<Record<string, number>> = {
  "화장품/뷰티케어": 30,
  "퍼스널케어": 30,
  "건강식품": 30,
  "세제/위생": 45,
  "출산/육아용품": 14,
  "음료": 14,
  "냉장식품": 7,
  "냉동식품": 14,
  "과일": 7,
  "축산물": 7,
  "원예/애완": 30
};

const CLOTHING = new Set(["여성의류", "남성의류", "유아동의류", "스포츠패션", "패션잡화", "속옷/양말/홈웨어"]);

/** One category of the customer's purchase history. */
export interface CategoryHistory {
  category: string;
  lines: number;
  /** distinct purchase dates in the category */
  n_dates: number;
  first_date: string;
  last_date: string;
  amount: number;
}

export interface CustomerProfile {
  clnt_id: number;
  member: {age: number; gender: string} | null;
  /** whole-period aggregates; null when the customer never bought */
  base: (ValueInput & {first_date: string; last_date: string}) | null;
  thresholds?: Partial<ValueThresholds>;
  behaviour: {pattern: string | null; type: TypeKey | null} | null;
  /** preference ranking, best first (category + rank at least) */
  preference: ReadonlyArray<{category: string; rank: number; index?: number}>;
  categories: readonly CategoryHistory[];
  /** co-purchase edges (sessions buying both) to name partner categories; optional */
  coPurchase?: ReadonlyArray<{a: string; b: string; sessions: number}>;
  /** the day the actions are planned: the last day of the data */
  asOf: string;
}

export interface CustomerAction {
  source: "tier" | "type";
  playbook: TierKey | TypeKey;
  key: string;
  title: string;
  /** the concrete instruction for this customer */
  detail: string;
  category?: string;
  due?: string;
  amount?: number;
}

export interface ActionOptions {
  usageDays: Readonly<Record<string, number>>;
  /** expiry of the re-login coupon */
  couponDays: number;
  referralRate: number;
}

const DEFAULT_ACTION_OPTIONS: ActionOptions = {usageDays: DEFAULT_USAGE_DAYS, couponDays: 3, referralRate: 0.015};

const won = (x: number) => `₩${Math.round(x).toLocaleString("en-US")}`;

function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Scores after one more purchase on `date` (after the last purchase) adding `amount`. */
export function whatIfPurchase(base: ValueInput & {first_date: string; last_date: string}, date: string, amount: number, t: ValueThresholds, {end = date}: {end?: string} = {}): ValueScore {
  if (date <= base.last_date) throw new Error(`what-if purchase date ${date} must be after the last purchase ${base.last_date}`);
  if (end < date) throw new Error(`what-if purchase date ${date} is after the end of the period ${end}`);
  const n = base.n_dates + 1;
  return scoreCustomer({months_ago: monthsAgo(date, end), n_dates: n, mean_day: dayDiff(base.first_date, date) / (n - 1), total: base.total + amount}, t);
}

function topCategories(p: CustomerProfile, n: number): string[] {
  if (p.preference.length) return p.preference.slice(0, n).map((r) => r.category);
  return [...p.categories].sort((a, b) => b.lines - a.lines || (a.category < b.category ? -1 : 1)).slice(0, n).map((c) => c.category);
}

function partners(p: CustomerProfile, category: string, n: number): string[] {
  return (p.coPurchase ?? [])
    .filter((e) => e.a === category || e.b === category)
    .sort((x, y) => y.sessions - x.sessions)
    .slice(0, n)
    .map((e) => (e.a === category ? e.b : e.a));
}

const list = (cats: readonly string[]) => cats.map(categoryLabel).join(", ");

function item(pb: Playbook, key: string): PlaybookItem {
  const it = pb.items.find((i) => i.key === key);
  if (!it) throw new Error(`playbook ${pb.key} has no item ${key}`);
  return it;
}

/** Replenishment target: the customer's best-ranked consumable category and its due date. */
export function replenishment(p: CustomerProfile, usageDays: Readonly<Record<string, number>> = DEFAULT_USAGE_DAYS): {category: string; due: string; basis: "repurchase gap" | "usage period"} | null {
  const bought = p.categories.filter((c) => c.category in usageDays);
  if (!bought.length) return null;
  const order = (c: string) => {
    const r = p.preference.findIndex((x) => x.category === c);
    return r < 0 ? Infinity : r;
  };
  const best = [...bought].sort((a, b) => order(a.category) - order(b.category) || b.lines - a.lines || (a.category < b.category ? -1 : 1))[0];
  if (best.n_dates >= 2) {
    const gap = Math.ceil(dayDiff(best.first_date, best.last_date) / (best.n_dates - 1));
    return {category: best.category, due: addDays(best.last_date, gap), basis: "repurchase gap"};
  }
  return {category: best.category, due: addDays(best.last_date, usageDays[best.category]), basis: "usage period"};
}

function tierActions(p: CustomerProfile, t: ValueThresholds, o: ActionOptions, asOf: string): CustomerAction[] {
  if (!p.base) {
    const pb = TIER_PLAYBOOKS.unmanaged;
    const it = item(pb, "welcome-gift");
    return [{source: "tier", playbook: "unmanaged", key: it.key, title: it.title, detail: "No purchase yet: offer the welcome gift with the first order."}];
  }
  const score = scoreCustomer(p.base, t);
  const tier = score.tier;
  const pb = TIER_PLAYBOOKS[tier];
  const out: CustomerAction[] = [];
  const push = (key: string, detail: string, extra: Partial<CustomerAction> = {}) => {
    const it = item(pb, key);
    out.push({source: "tier", playbook: tier, key, title: it.title, detail, ...extra});
  };
  switch (tier) {
    case "star": {
      const cats = topCategories(p, 3);
      push("thank-you-package", `Include products from ${list(cats) || "their purchases"} in this quarter's package.`);
      const pts = p.base.total * tierInfo("star").pointRate;
      push("points", `${won(pts)} in points on ${won(p.base.total)} spent (0.8%).`, {amount: pts});
      break;
    }
    case "butterfly": {
      const expiry = addDays(asOf, o.couponDays);
      let detail = `On the next login send a coupon valid until ${expiry}.`;
      if (p.base.last_date < asOf) {
        const after = whatIfPurchase(p.base, asOf, 0, t);
        if (after.tier === "star") detail += ` One purchase by ${asOf} lifts R+F from ${score.r + score.f} to ${after.r + after.f}: Star (스타).`;
      }
      push("relogin-coupon", detail, {due: expiry});
      const recent = [...p.categories].sort((a, b) => (a.last_date < b.last_date ? 1 : a.last_date > b.last_date ? -1 : b.lines - a.lines)).slice(0, 3);
      push("past-purchase-email", `Without a login, e-mail deals on ${list(recent.map((c) => c.category)) || "past purchases"}.`);
      break;
    }
    case "chicken-rib": {
      const need = spendToReach(p.base.total, t.highM, t);
      push("spend-nudge", `Spend ${won(need)} more (now ${won(p.base.total)}; M${t.highM} from ${won(t.highM === 3 ? t.m3 : t.m2)}) to become a Star (스타); link to the BIG deal (BIG딜) page.`, {amount: need});
      break;
    }
    case "unmanaged": {
      if (p.base.n_dates === 1) push("welcome-gift", "First-time buyer (one purchase day): send the welcome gift.");
      else {
        const need = spendToReach(p.base.total, t.highM, t);
        push("grade-page", `Returning buyer: no coupon; link to the membership-grade page (next: ${tierInfo("butterfly").label} with ${won(need)} more spend).`, {amount: need});
      }
      break;
    }
  }
  return out;
}

function typeActions(p: CustomerProfile, o: ActionOptions, tier: TierKey | null): CustomerAction[] {
  const type = p.behaviour?.type;
  if (!type) return [];
  const pb = TYPE_PLAYBOOKS[type];
  const out: CustomerAction[] = [];
  const push = (key: string, detail: string, extra: Partial<CustomerAction> = {}) => {
    const it = item(pb, key);
    out.push({source: "type", playbook: type, key, title: it.title, detail, ...extra});
  };
  const top = topCategories(p, 1)[0];
  const pattern = p.behaviour?.pattern;
  switch (type) {
    case "meticulous": {
      push("comparison-tool", `Turn on the cart comparison tool${top ? ` for ${categoryLabel(top)}` : ""}.`);
      push("same-pattern-page", `Show what customers with pattern ${pattern ?? "?"}${pattern ? ` — ${behaviourType(pattern).label}` : ""} bought.`);
      const ps = top ? partners(p, top, 2) : [];
      push("co-purchase", ps.length ? `Recommend ${list(ps)}, bought together with ${categoryLabel(top!)}.` : `Recommend categories linked to ${top ? categoryLabel(top) : "their purchases"} in the co-purchase network.`, top ? {category: top} : {});
      const i = tier ? TIERS.findIndex((x) => x.key === tier) : -1;
      const up = i > 0 ? TIERS[i - 1].label : null;
      push("unboxing-review", `Invite an unboxing-video review; reward: ${up ? `one grade up (${up})` : "grade kept at the top"} and a thank-you coupon.`);
      break;
    }
    case "enthusiast": {
      const r = replenishment(p, o.usageDays);
      if (r) push("replenishment", `Push ${categoryLabel(r.category)} with a coupon on ${r.due} (${r.basis}).`, {category: r.category, due: r.due});
      else push("replenishment", "No consumable bought yet: no replenishment push.");
      const who = p.member?.gender === "F" ? "husband (남편)" : p.member?.gender === "M" ? "wife (아내)" : "partner";
      push("cross-recommendation", `Recommend ${top ? categoryLabel(top) : "their favourite"} items for their ${who}.`, top ? {category: top} : {});
      const avg = p.base && p.base.n_dates ? p.base.total / p.base.n_dates : 0;
      push("referral", `Referral reward ${(o.referralRate * 100).toFixed(1)}% ≈ ${won(avg * o.referralRate)} on a typical day's purchase (${won(avg)}).`, {amount: avg * o.referralRate});
      break;
    }
    case "easygoing": {
      push("multi-buy", `Offer 1+1 / 2+1 deals${top ? ` in ${categoryLabel(top)}` : ""}.`, top ? {category: top} : {});
      const ps = top ? partners(p, top, 2) : [];
      push("bundle", ps.length ? `Bundle ${categoryLabel(top!)} with ${list(ps)}.` : "Bundle products bought together in the co-purchase network.");
      const clothing = topCategories(p, 3).find((c) => CLOTHING.has(c));
      push("coordination", clothing ? `Show celebrity outfit pages for ${categoryLabel(clothing)}.` : "Show celebrity outfit pages (no clothing purchase yet: general pages).", clothing ? {category: clothing} : {});
      break;
    }
  }
  return out;
}

/** Concrete actions for one customer: value-tier playbook first, then the behaviour-type playbook. */
export function customerActions(profile: CustomerProfile, options: Partial<ActionOptions> = {}): CustomerAction[] {
  const o = withDefaults<ActionOptions>(DEFAULT_ACTION_OPTIONS, options);
  const t = resolveThresholds(profile.thresholds);
  const asOf = profile.asOf;
  const tier = profile.base ? scoreCustomer(profile.base, t).tier : null;
  return [...tierActions(profile, t, o, asOf), ...typeActions(profile, o, tier)];
}
