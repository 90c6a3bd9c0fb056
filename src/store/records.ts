/**
 * Offline records of the Real Smart Store (Methods page: Real Smart Store): the sign-up survey and staff entries of
 * store visits. Each record is keyed by member id + entry id; validation is strict and every error
 * names the record, the field and the bad value.
 */
import {isCanonicalMemberId} from "./member.js";

export interface Choice<K extends string> {
  key: K;
  en: string;
  ko: string;
}

export type Favourite = "clothing" | "cosmetics" | "household" | "health_food";
export type SurveyReason = "cheap" | "convenient" | "necessity" | "variety";
export type Channel = "online" | "offline" | "offline_to_online" | "online_to_offline";

export const FAVOURITES: readonly Choice<Favourite>[] = [
  {key: "clothing", en: "Clothing", ko: "의류"},
  {key: "cosmetics", en: "Cosmetics", ko: "화장품"},
  {key: "household", en: "Household goods", ko: "생활용품"},
  {key: "health_food", en: "Health food", ko: "건강식품"}
];

export const SURVEY_REASONS: readonly Choice<SurveyReason>[] = [
  {key: "cheap", en: "Cheap", ko: "저렴해서"},
  {key: "convenient", en: "Convenient", ko: "편리해서"},
  {key: "necessity", en: "Necessity", ko: "필요해서"},
  {key: "variety", en: "Variety", ko: "다양해서"}
];

export const CHANNELS: readonly Choice<Channel>[] = [
  {key: "online", en: "Online", ko: "온라인"},
  {key: "offline", en: "Offline", ko: "오프라인"},
  {key: "offline_to_online", en: "See offline, buy online", ko: "오프라인에서 보고 온라인 구매"},
  {key: "online_to_offline", en: "See online, buy offline", ko: "온라인에서 보고 오프라인 구매"}
];

/** The top categories (CLAC1_NM) each survey answer stands for. */
export const FAVOURITE_CATEGORIES: Readonly<Record<Favourite, readonly string[]>> = {
  clothing: ["여성의류", "남성의류", "유아동의류", "스포츠패션", "속옷/양말/홈웨어"],
  cosmetics: ["화장품/뷰티케어"],
  household: ["세제/위생", "청소/세탁/욕실용품", "주방잡화", "식기/조리기구"],
  health_food: ["건강식품"]
};

export function choiceLabel<K extends string>(choices: readonly Choice<K>[], key: K): string {
  const c = choices.find((x) => x.key === key);
  if (!c) throw new Error(`unknown choice ${JSON.stringify(key)} (expected one of ${choices.map((x) => x.key).join(", ")})`);
  return `${c.en} (${c.ko})`;
}

export interface SurveyRecord {
  kind: "survey";
  memberId: string;
  entryId: string;
  /** YYYY-MM-DD */
  date: string;
  favourite: Favourite;
  reason: SurveyReason;
  channel: Channel;
}

export interface VisitRecord {
  kind: "visit";
  memberId: string;
  entryId: string;
  /** YYYY-MM-DD */
  date: string;
  /** what the customer looked at, as the staff wrote it */
  items: string;
  /** price of the items, KRW */
  priceKrw: number;
  /** consideration time in the store, minutes */
  minutes: number;
  bought: boolean;
  notes: string;
}

export type StoreRecord = SurveyRecord | VisitRecord;
export type RecordKind = StoreRecord["kind"];
export const RECORD_KINDS: readonly RecordKind[] = ["survey", "visit"];

/** Field order of each kind: the order of keys in exports. */
export const RECORD_FIELDS: {readonly [K in RecordKind]: readonly (keyof Extract<StoreRecord, {kind: K}>)[]} = {
  survey: ["kind", "memberId", "entryId", "date", "favourite", "reason", "channel"],
  visit: ["kind", "memberId", "entryId", "date", "items", "priceKrw", "minutes", "bought", "notes"]
};

export const LIMITS = {items: 500, notes: 2000, priceKrw: 1e12, minutes: 24 * 60} as const;

export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordError";
  }
}

const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// C0 controls other than tab, LF and CR, DEL, and unpaired surrogates (UTF-8 cannot carry them, so a CSV export would not round-trip).
const BAD_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (y < 1900 || y > 2999) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "an array" : typeof value;
}

/**
 * Check an untrusted value (a form, an imported file, IndexedDB) and return a clean record with its
 * keys in export order. `where` prefixes errors, e.g. "record 3".
 */
export function validateRecord(value: unknown, where = "record"): StoreRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RecordError(`${where}: expected an object, got ${show(value)}`);
  const v = value as Record<string, unknown>;
  const kind = v.kind;
  if (kind !== "survey" && kind !== "visit") throw new RecordError(`${where}: kind must be "survey" or "visit", got ${show(kind)}`);
  const fields = RECORD_FIELDS[kind] as readonly string[];
  const extra = Object.keys(v).filter((k) => !fields.includes(k));
  if (extra.length) throw new RecordError(`${where}: unknown field ${JSON.stringify(extra[0])} in a ${kind} record (fields: ${fields.join(", ")})`);
  const fail = (field: string, why: string): never => {
    throw new RecordError(`${where}${typeof v.memberId === "string" && field !== "memberId" ? ` (member ${v.memberId})` : ""}: ${field} ${why}, got ${show(v[field])}`);
  };
  if (!isCanonicalMemberId(v.memberId)) fail("memberId", "must be 1–10 digits without leading zeros");
  if (typeof v.entryId !== "string" || !ENTRY_ID.test(v.entryId)) fail("entryId", "must be 1–64 letters, digits, - or _");
  if (!isIsoDate(v.date)) fail("date", "must be a calendar date YYYY-MM-DD");
  const oneOf = <K extends string>(field: string, choices: readonly Choice<K>[]): K => {
    const x = v[field];
    if (typeof x !== "string" || !choices.some((c) => c.key === x)) fail(field, `must be one of ${choices.map((c) => c.key).join(", ")}`);
    return x as K;
  };
  const base = {memberId: v.memberId as string, entryId: v.entryId as string, date: v.date as string};
  if (kind === "survey") {
    return {kind, ...base, favourite: oneOf("favourite", FAVOURITES), reason: oneOf("reason", SURVEY_REASONS), channel: oneOf("channel", CHANNELS)};
  }
  const text = (field: "items" | "notes", required: boolean): string => {
    const x = v[field];
    if (typeof x !== "string") return fail(field, "must be text");
    if (required && x.trim() === "") fail(field, "must not be empty");
    if (x.length > LIMITS[field]) fail(field, `must be at most ${LIMITS[field]} characters (has ${x.length})`);
    if (BAD_TEXT.test(x)) fail(field, "must not hold control characters or unpaired surrogates");
    return x;
  };
  const items = text("items", true);
  if (typeof v.priceKrw !== "number" || !Number.isSafeInteger(v.priceKrw) || v.priceKrw < 0 || v.priceKrw > LIMITS.priceKrw) {
    fail("priceKrw", `must be a whole number of won 0..${LIMITS.priceKrw}`);
  }
  // at most two decimals, so the number prints without an exponent and CSV stays plain
  if (typeof v.minutes !== "number" || !Number.isFinite(v.minutes) || v.minutes < 0 || v.minutes > LIMITS.minutes || Math.round(v.minutes * 100) / 100 !== v.minutes) {
    fail("minutes", `must be a number of minutes 0..${LIMITS.minutes} with at most two decimals`);
  }
  if (typeof v.bought !== "boolean") fail("bought", "must be true or false");
  const notes = text("notes", false);
  // -0 would export as "0" and come back as 0
  return {kind, ...base, items, priceKrw: v.priceKrw as number, minutes: (v.minutes as number) + 0, bought: v.bought as boolean, notes};
}

/** The IndexedDB / uniqueness key of a record. */
export function recordKey(r: Pick<StoreRecord, "kind" | "memberId" | "entryId">): string {
  return `${r.kind}/${r.memberId}/${r.entryId}`;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Canonical order: member (numeric), date, entry id, kind. */
export function compareRecords(a: StoreRecord, b: StoreRecord): number {
  return (
    compareIds(a.memberId, b.memberId) ||
    (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
    (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0) ||
    RECORD_KINDS.indexOf(a.kind) - RECORD_KINDS.indexOf(b.kind)
  );
}

/** Entry ids that sort in creation order: base-36 milliseconds, then 8 random hex digits. */
export function newEntryId(now: number = Date.now(), random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  if (!Number.isSafeInteger(now) || now < 0) throw new RecordError(`invalid clock value ${now}`);
  const hex = [...random(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${now.toString(36).padStart(9, "0")}-${hex}`;
}

/** The latest survey of a member (by date, then entry id), or null. */
export function latestSurvey(records: readonly StoreRecord[], memberId: string): SurveyRecord | null {
  let best: SurveyRecord | null = null;
  for (const r of records) {
    if (r.kind !== "survey" || r.memberId !== memberId) continue;
    if (!best || r.date > best.date || (r.date === best.date && r.entryId > best.entryId)) best = r;
  }
  return best;
}
