// The member's profile and the coupons chosen on entry, rendered as text.
import {categoryLabel} from "../lib/categories.js";
import type {Coupon} from "../lib/store/coupons.js";
import {tierLabel, typeLabel, type StoreProfile} from "../lib/store/profile.js";
import {h} from "./store-dom.js";

const won = (v: number) => `₩${Math.round(v).toLocaleString("en-US")}`;

export function ProfileCard(p: StoreProfile | null, memberId: string, {periodLabel = "the data's period"}: {periodLabel?: string} = {}): HTMLElement {
  if (!p) {
    return h("div", {class: "store-profile", "data-profile": "none"}, h("p", {}, `No online record for member ${memberId}: a first-time customer as far as the online mall knows.`));
  }
  const row = (term: string, value: string) => [h("dt", {}, term), h("dd", {}, value)];
  const who = [p.gender === "F" ? "female 여성" : p.gender === "M" ? "male 남성" : "gender unknown", p.age !== null ? `${p.age}s` : "age unknown"].join(", ");
  return h(
    "div",
    {class: "store-profile", "data-profile": String(p.clntId)},
    h(
      "dl",
      {},
      ...row("Member (회원)", `${p.clntId}${p.member ? "" : " — not a registered L.POINT member (no 04.Custom row)"} · ${who}`),
      ...row("Where (지역·기기)", [p.region ?? "region unknown", p.device ?? "device unknown"].join(" · ")),
      ...row("Value tier (333 등급)", p.tier ? `${tierLabel(p.tier)} · R${p.r} F${p.f} M${p.m} · ${won(p.total)} over ${p.sessions} purchase sessions` : `none: no online purchase in ${periodLabel}`),
      ...row("Online period", p.firstDate ? `${p.firstDate} – ${p.lastDate}${p.meanDay !== null ? ` · every ${p.meanDay.toFixed(1)} days` : " · one purchase day"}` : "no purchase"),
      ...row("Behaviour type (행동 유형)", p.type ? `${typeLabel(p.type, p.subtype)}${p.bits ? ` · pattern ${p.bits}` : ""}` : "none (no purchase sessions to type)"),
      ...row("Preference (선호 순위)", p.top.length ? p.top.map((t, i) => `${i + 1}. ${categoryLabel(t.category)} ${t.index.toFixed(1)}`).join(" · ") : "no ranking")
    )
  );
}

export function CouponList(coupons: readonly Coupon[]): HTMLElement {
  return h(
    "ol",
    {class: "store-coupons"},
    ...coupons.map((c) =>
      h(
        "li",
        {class: "store-coupon", "data-coupon": c.key},
        h("strong", {class: "store-coupon-title"}, c.title),
        h("span", {class: "store-coupon-benefit"}, ` ${c.benefit}`),
        c.validDays !== null ? h("span", {class: "muted"}, ` Valid ${c.validDays} days.`) : null,
        h("div", {class: "store-coupon-reason"}, h("span", {class: "muted"}, "Why (이유): "), c.reason)
      )
    )
  );
}

