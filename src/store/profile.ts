/** One customer record (data/customers/detail.parquet, a JSON record per customer; src/lazy.ts), checked and typed for the store. */
import {TIERS, type TierInfo, type TierKey} from "../value/rules.js";
import {TYPE_INFO, type Subtype, type TypeKey} from "../segment/types.js";

/** Tier keys as the customers table spells them. */
export type StoreTier = "star" | "butterfly" | "chicken_rib" | "unmanaged";
export const STORE_TIERS: readonly StoreTier[] = ["star", "butterfly", "chicken_rib", "unmanaged"];

export interface Preference {
  /** CLAC1_NM */
  category: string;
  /** preference index 0..100 */
  index: number;
}

export interface StoreProfile {
  clntId: number;
  member: boolean;
  gender: "F" | "M" | null;
  age: number | null;
  device: string | null;
  region: string | null;
  sessions: number;
  lines: number;
  /** KRW */
  total: number;
  firstDate: string | null;
  lastDate: string | null;
  meanDay: number | null;
  /** R, F, M, tier and point rate: null only for a customer without any purchase line (never tiered) */
  r: number | null;
  f: number | null;
  m: number | null;
  tier: StoreTier | null;
  pointRate: number | null;
  type: TypeKey | null;
  subtype: Subtype | null;
  bits: string | null;
  /** rank 1 first; missing ranks left out */
  top: Preference[];
}

export function tierDetails(tier: StoreTier): TierInfo {
  const key = (tier === "chicken_rib" ? "chicken-rib" : tier) as TierKey;
  const info = TIERS.find((t) => t.key === key);
  if (!info) throw new Error(`unknown tier ${JSON.stringify(tier)} (expected one of ${STORE_TIERS.join(", ")})`);
  return info;
}

/** "스타 Star" */
export function tierLabel(tier: StoreTier): string {
  const t = tierDetails(tier);
  return `${t.ko} ${t.en}`;
}

/** "꼼꼼이 meticulous", with "더/덜" for the subtype when known */
export function typeLabel(type: TypeKey, subtype: Subtype | null = null): string {
  const t = TYPE_INFO[type];
  const ko = subtype ? `${subtype === "more" ? "더" : "덜"} ${t.ko}` : t.ko;
  return `${ko} ${subtype ? `${subtype} ${t.en.toLowerCase()}` : t.en.toLowerCase()}`;
}

function fail(field: string, value: unknown, why: string): never {
  throw new Error(`customers row: ${field} ${why}, got ${JSON.stringify(value) ?? String(value)}`);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function num(row: Record<string, unknown>, field: string, {nullable = false, integer = false, min = -Infinity, max = Infinity} = {}): number | null {
  let v = row[field];
  if (typeof v === "bigint") v = Number(v);
  if (v === null || v === undefined) return nullable ? null : fail(field, v, "is missing");
  if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    fail(field, v, `must be ${integer ? "an integer" : "a number"} in ${min}..${max}`);
  }
  return v;
}

function str(row: Record<string, unknown>, field: string, nullable = true): string | null {
  const v = row[field];
  if (v === null || v === undefined) return nullable ? null : fail(field, v, "is missing");
  if (typeof v !== "string") fail(field, v, "must be text");
  return v;
}

function oneOf<T extends string>(row: Record<string, unknown>, field: string, allowed: readonly T[], nullable: boolean): T | null {
  const v = str(row, field, nullable);
  if (v === null) return null;
  if (!allowed.includes(v as T)) fail(field, v, `must be one of ${allowed.join(", ")}${nullable ? " or null" : ""}`);
  return v as T;
}

/** Check a customers row from DuckDB; errors name the column and the bad value. */
export function parseCustomerRow(row: Record<string, unknown>): StoreProfile {
  const date = (field: string) => {
    const v = str(row, field);
    if (v !== null && !DATE.test(v)) fail(field, v, "must be a date YYYY-MM-DD");
    return v;
  };
  const member = row.member;
  if (typeof member !== "boolean") fail("member", member, "must be true or false");
  // the value library spells the tier "chicken-rib"; accept both spellings of the one tier
  const tierRaw = row.tier === "chicken-rib" ? "chicken_rib" : row.tier;
  const lines = num(row, "lines", {integer: true, min: 0}) as number;
  // Members who browsed but never bought have no 333 tier; anyone with a purchase line must have one.
  const tiered = lines > 0;
  const tier = oneOf({tier: tierRaw}, "tier", STORE_TIERS, !tiered);
  const top: Preference[] = [];
  for (let k = 1; k <= 5; k++) {
    const category = str(row, `top${k}`);
    if (category === null) continue;
    top.push({category, index: num(row, `top${k}_index`, {min: 0, max: 100}) as number});
  }
  const bits = str(row, "bits");
  if (bits !== null && !/^[01]{4}$/.test(bits)) fail("bits", bits, "must be 4 bits like 1101");
  return {
    clntId: num(row, "clnt_id", {integer: true, min: 0}) as number,
    member: member as boolean,
    gender: oneOf(row, "gender", ["F", "M"] as const, true),
    age: num(row, "age", {nullable: true, integer: true, min: 0, max: 120}),
    device: str(row, "device"),
    region: str(row, "region"),
    sessions: num(row, "sessions", {integer: true, min: 0}) as number,
    lines,
    total: num(row, "total") as number,
    firstDate: date("first_date"),
    lastDate: date("last_date"),
    meanDay: num(row, "mean_day", {nullable: true, min: 0}),
    r: num(row, "r", {integer: true, min: 1, max: 3, nullable: !tiered}),
    f: num(row, "f", {integer: true, min: 1, max: 3, nullable: !tiered}),
    m: num(row, "m", {integer: true, min: 1, max: 3, nullable: !tiered}),
    tier,
    pointRate: num(row, "point_rate", {min: 0, max: 1, nullable: !tiered}),
    type: oneOf(row, "type", ["meticulous", "enthusiast", "easygoing"] as const, true),
    subtype: oneOf(row, "subtype", ["more", "less"] as const, true),
    bits,
    top
  };
}

/** A sample member as the build lists them (SAMPLE_SQL's columns, data/customers/samples.json). */
export interface SampleRow {
  clnt_id: number;
  tier: string | null;
  type: string | null;
  subtype: string | null;
  lines: number;
}

/** Check the build's sample member list; errors name the row and the column. */
export function parseSampleRows(value: unknown): SampleRow[] {
  if (!Array.isArray(value)) throw new Error("sample members: expected a JSON array");
  return value.map((row: unknown, i) => {
    if (!row || typeof row !== "object" || Array.isArray(row)) throw new Error(`sample member ${i + 1}: expected an object`);
    const r = row as Record<string, unknown>;
    const text = (k: string) => {
      if (r[k] !== null && typeof r[k] !== "string") throw new Error(`sample member ${i + 1}: ${k} must be text or null, got ${JSON.stringify(r[k])}`);
      return r[k] as string | null;
    };
    const clntId = num({clnt_id: r.clnt_id}, "clnt_id", {integer: true, min: 0}) as number;
    const lines = num({lines: r.lines}, "lines", {integer: true, min: 0}) as number;
    return {clnt_id: clntId, tier: text("tier"), type: text("type"), subtype: text("subtype"), lines};
  });
}
