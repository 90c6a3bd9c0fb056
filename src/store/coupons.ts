/**
 * The coupons a customer gets on entering the Real Smart Store (Methods page: Real Smart Store), chosen from the online
 * profile (value tier §3, behaviour type §2.6, preference ranking §5) and the sign-up survey.
 * Every coupon carries the reason it was chosen, in terms of the customer's own numbers.
 */
import {categoryLabel} from "../categories.js";
import {resolveThresholds, spendToReach, TIERS, type Score, type ValueThresholds} from "../value/rules.js";
import {FAVOURITE_CATEGORIES, FAVOURITES, SURVEY_REASONS, choiceLabel, type SurveyRecord} from "./records.js";
import {tierDetails, tierLabel, typeLabel, type StoreProfile} from "./profile.js";

export type CouponKey =
  | "first-visit-welcome"
  | "tier-points"
  | "star-thanks"
  | "butterfly-revisit"
  | "chicken-rib-next-tier"
  | "unmanaged-welcome"
  | "unmanaged-grade-page"
  | "preference-category"
  | "survey-category"
  | "type-bundle"
  | "type-replenish"
  | "type-review";

export interface Coupon {
  key: CouponKey;
  /** English with the Korean term */
  title: string;
  /** what the customer gets */
  benefit: string;
  /** why this customer gets it, from their profile */
  reason: string;
  /** days the coupon is valid; null for standing benefits */
  validDays: number | null;
}

export interface CouponOptions {
  /** 333-rule thresholds; the chicken-rib nudge needs m2/m3 and highM */
  thresholds?: Partial<ValueThresholds>;
  /** discount of the category coupons (0..1) */
  categoryDiscount?: number;
  /** validity of the butterfly re-visit coupon, days (the report: "short-lived") */
  revisitDays?: number;
  /** validity of the other coupons, days */
  validDays?: number;
}

export interface CouponInput {
  memberId: string;
  /** null: no online record for this id */
  profile: StoreProfile | null;
  /** the member's latest sign-up survey, if any */
  survey?: SurveyRecord | null;
}

const won = (v: number) => `₩${Math.round(v).toLocaleString("en-US")}`;
const pct = (v: number) => `${(v * 100).toLocaleString("en-US", {maximumFractionDigits: 2})}%`;

function check(name: string, value: number, min: number, max: number, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new Error(`invalid coupon option ${name} = ${JSON.stringify(value)}: expected ${integer ? "an integer" : "a number"} in ${min}..${max}`);
  }
  return value;
}

/** The coupons for one member entering the store, in a fixed order: welcome/tier, preference, type, survey. */
export function entryCoupons({memberId, profile, survey = null}: CouponInput, options: CouponOptions = {}): Coupon[] {
  const t = resolveThresholds(options.thresholds);
  const discount = check("categoryDiscount", options.categoryDiscount ?? 0.1, 0, 1);
  const revisitDays = check("revisitDays", options.revisitDays ?? 7, 1, 365, true);
  const validDays = check("validDays", options.validDays ?? 30, 1, 365, true);
  const coupons: Coupon[] = [];
  const push = (c: Coupon) => coupons.push(c);

  if (!profile || profile.tier === null || profile.r === null || profile.f === null || profile.pointRate === null) {
    push({
      key: "first-visit-welcome",
      title: "Welcome gift (웰컴 기프트)",
      benefit: "A welcome gift at the counter on the first purchase.",
      reason: `Member ${memberId} has no online purchase record: a first-time customer.`,
      validDays
    });
  } else {
    const tier = tierDetails(profile.tier);
    const label = tierLabel(profile.tier);
    const rf = profile.r + profile.f;
    const spend = `${won(profile.total)} spent online (M${profile.m})`;
    push({
      key: "tier-points",
      title: `${label} points (${tier.ko} 포인트 적립)`,
      benefit: `${pct(profile.pointRate)} of today's purchase back as points.`,
      reason: `${label} tier: R${profile.r} F${profile.f} M${profile.m}; the ${tier.en} point rate is ${pct(profile.pointRate)}.`,
      validDays: null
    });
    if (profile.tier === "star") {
      push({
        key: "star-thanks",
        title: "Thank-you gift (감사 패키지)",
        benefit: "A thank-you gift picked from the categories this customer buys.",
        reason: `${label}: engaged (R+F = ${rf} > ${t.rfCut}) and ${spend}.`,
        validDays
      });
    } else if (profile.tier === "butterfly") {
      push({
        key: "butterfly-revisit",
        title: "Re-visit coupon (재방문 쿠폰)",
        benefit: `${pct(discount)} off today's purchase, valid ${revisitDays} days only.`,
        reason: `${label}: ${spend} but rarely (R+F = ${rf} ≤ ${t.rfCut})${profile.lastDate ? `; last online purchase ${profile.lastDate}` : ""}: a short-lived coupon brings the next visit forward.`,
        validDays: revisitDays
      });
    } else if (profile.tier === "chicken_rib") {
      const star = TIERS[0];
      const need = spendToReach(profile.total, t.highM as Score, t);
      if (need > 0) {
        push({
          key: "chicken-rib-next-tier",
          title: "Spend to the next grade (등급 상향 안내)",
          benefit: `Spend ${won(need)} more to become ${star.ko} ${star.en} and earn ${pct(star.pointRate)} points; today's deals (BIG딜) count.`,
          reason: `${label}: engaged (R+F = ${rf} > ${t.rfCut}) but ${spend}, below the M${t.highM} bar of ${won(t.highM === 3 ? t.m3 : t.m2)}.`,
          validDays
        });
      }
    } else {
      const oneDay = profile.firstDate !== null && profile.firstDate === profile.lastDate;
      push(
        oneDay
          ? {
              key: "unmanaged-welcome",
              title: "Welcome gift (첫 구매 웰컴 기프트)",
              benefit: "A welcome gift (e.g. a cosmetics sample) with today's purchase.",
              reason: `${label}: bought online on one day only (${profile.firstDate}): a first-time buyer.`,
              validDays
            }
          : {
              key: "unmanaged-grade-page",
              title: "Membership grades (회원 등급 안내)",
              benefit: "No coupon: a link to the membership-grade page showing how to reach the next grade.",
              reason: `${label}: little engagement (R+F = ${rf} ≤ ${t.rfCut}) and ${spend}; minimal marketing.`,
              validDays: null
            }
      );
    }
  }

  const top1 = profile?.top[0];
  if (top1) {
    const next = profile!.top.slice(1, 3).map((p) => `${categoryLabel(p.category)} ${p.index.toFixed(1)}`);
    push({
      key: "preference-category",
      title: `${categoryLabel(top1.category)} coupon (선호 카테고리 쿠폰)`,
      benefit: `${pct(discount)} off ${categoryLabel(top1.category)}.`,
      reason: `Rank-1 preference (선호 1순위): ${categoryLabel(top1.category)}, index ${top1.index.toFixed(1)}${next.length ? `; next ${next.join(", ")}` : ""}.`,
      validDays
    });
  }

  if (profile?.type) {
    const typed = `${typeLabel(profile.type, profile.subtype)}${profile.bits ? ` (pattern ${profile.bits}: time, page views, searches, price)` : ""}`;
    const where = top1 ? categoryLabel(top1.category) : "the category bought before";
    if (profile.type === "easygoing") {
      push({
        key: "type-bundle",
        title: "1+1 / 2+1 deal (1+1 쿠폰)",
        benefit: "Buy one, get one free on bundle-deal items, with co-purchase bundle suggestions.",
        reason: `${typed}: decides quickly without much comparison and buys at lower prices, so bundles lift the basket.`,
        validDays
      });
    } else if (profile.type === "enthusiast") {
      const gap = profile.meanDay !== null ? `; repurchases every ${Math.round(profile.meanDay)} days on average` : "";
      push({
        key: "type-replenish",
        title: "Replenishment coupon (재구매 쿠폰)",
        benefit: `${pct(discount)} off a repurchase in ${where}.`,
        reason: `${typed}: buys at higher prices without long comparison${gap}${profile.lastDate ? `; last online purchase ${profile.lastDate}` : ""}.`,
        validDays
      });
    } else {
      push({
        key: "type-review",
        title: "Comparison and review reward (비교·리뷰 보상)",
        benefit: "Compare items side by side at the counter; an unboxing-video review earns a thank-you coupon and one grade up.",
        reason: `${typed}: long consideration and many page views before buying: compares a lot.`,
        validDays
      });
    }
  }

  if (survey) {
    const favourite = FAVOURITES.find((f) => f.key === survey.favourite)!;
    const agrees = top1 !== undefined && FAVOURITE_CATEGORIES[survey.favourite].includes(top1.category);
    if (!agrees) {
      push({
        key: "survey-category",
        title: `${favourite.en} coupon (${favourite.ko} 쿠폰)`,
        benefit: `${pct(discount)} off ${favourite.en.toLowerCase()} (${FAVOURITE_CATEGORIES[survey.favourite].map(categoryLabel).join(", ")}).`,
        reason: `Sign-up survey (가입 설문) of ${survey.date}: favourite ${choiceLabel(FAVOURITES, survey.favourite)}, because ${choiceLabel(SURVEY_REASONS, survey.reason).toLowerCase()}${top1 ? `; online rank-1 is ${categoryLabel(top1.category)}` : "; no online ranking yet"}.`,
        validDays
      });
    }
  }
  return coupons;
}
