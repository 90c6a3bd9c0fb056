/** Behaviour types (Methods page: behaviour segments) and the general rule that maps any 4-bit pattern to one. */

/** Bit order everywhere: time, page views, searches, price. */
export type BehaviourVariable = "time" | "pageviews" | "searches" | "price";
export const BEHAVIOUR_VARIABLES: readonly BehaviourVariable[] = ["time", "pageviews", "searches", "price"];

export interface VariableInfo {
  en: string;
  ko: string;
  /** raw column */
  column: string;
  /** the unit the outlier rule is applied to */
  unit: "session" | "line";
  label: string;
}

export const VARIABLE_INFO: Readonly<Record<BehaviourVariable, VariableInfo>> = {
  time: {en: "Consideration time (s)", ko: "고려시간", column: "TOT_SESS_HR_V", unit: "session", label: "Consideration time (고려시간)"},
  pageviews: {en: "Page views", ko: "페이지 조회수", column: "TOT_PAG_VIEW_CT", unit: "session", label: "Page views (페이지 조회수)"},
  searches: {en: "Searches", ko: "검색 횟수", column: "SEARCH_CNT", unit: "session", label: "Searches (검색 횟수)"},
  price: {en: "Unit price (KRW)", ko: "구매단가", column: "PD_BUY_AM", unit: "line", label: "Unit price (구매단가)"}
};

export type TypeKey = "meticulous" | "enthusiast" | "easygoing";

/** An age×gender group's (or "all" lines') mean of each behaviour variable, the reference a customer's bits compare with. */
export interface GroupMeans {
  group: string;
  time: number | null;
  pageviews: number | null;
  searches: number | null;
  price: number | null;
}
export type Subtype = "more" | "less";

/** Customers in one main group with one behaviour pattern. */
export interface TypeCount {
  /** the customer's main group, null = outside the main groups (compared with everyone) */
  group: string | null;
  /** null = a variable without a usable value, no type */
  pattern: string | null;
  customers: number;
}

export const TYPE_INFO: Readonly<Record<TypeKey, {en: string; ko: string; label: string; gist: string}>> = {
  meticulous: {
    en: "Meticulous",
    ko: "꼼꼼이",
    label: "Meticulous (꼼꼼이)",
    gist: "long consideration and many page views before buying: compares a lot"
  },
  enthusiast: {
    en: "Enthusiast",
    ko: "매니아",
    label: "Enthusiast (매니아)",
    gist: "short consideration and little comparison, but buys at higher prices"
  },
  easygoing: {
    en: "Easygoing",
    ko: "털털이",
    label: "Easygoing (털털이)",
    gist: "short consideration, little comparison, lower prices"
  }
};

export const SUBTYPE_INFO: Readonly<Record<Subtype, {en: string; ko: string}>> = {
  more: {en: "More", ko: "더"},
  less: {en: "Less", ko: "덜"}
};

export interface BehaviourType {
  pattern: string;
  type: TypeKey;
  subtype: Subtype;
  /** "More meticulous" */
  en: string;
  /** "더 꼼꼼이" */
  ko: string;
  /** "More meticulous (더 꼼꼼이)" */
  label: string;
}

const PATTERN = /^[01]{4}$/;

/**
 * How the search bit names the subtype.
 * - "report" (default): "more" when the search bit points the type's way — searching more is more
 *   meticulous (1111 = 더 꼼꼼이, 1101 = 덜 꼼꼼이) and more enthusiast (0011), but searching less is
 *   more easygoing (0000 = 더 털털이, 0010 = 덜 털털이), as the report's table publishes.
 * - "search-bit": search bit 1 = "more" for every type (flips the easygoing names of the report).
 */
export type SubtypeRule = "report" | "search-bit";

/**
 * Decision (Methods page: behaviour segments): time and page-view bits both 1 → meticulous; otherwise price bit 1 →
 * enthusiast; otherwise easygoing. "More"/"less" follows the search bit (see SubtypeRule).
 */
export function behaviourType(pattern: string, rule: SubtypeRule = "report"): BehaviourType {
  if (!PATTERN.test(pattern)) throw new Error(`invalid behaviour pattern ${JSON.stringify(pattern)}: expected 4 bits (time, page views, searches, price), e.g. "1101"`);
  if (rule !== "report" && rule !== "search-bit") throw new Error(`unknown subtype rule ${JSON.stringify(rule)} (expected "report" or "search-bit")`);
  const [t, p, s, m] = pattern.split("").map(Number);
  const type: TypeKey = t === 1 && p === 1 ? "meticulous" : m === 1 ? "enthusiast" : "easygoing";
  const searchWay = rule === "report" && type === "easygoing" ? 0 : 1;
  const subtype: Subtype = s === searchWay ? "more" : "less";
  const info = TYPE_INFO[type];
  const en = `${SUBTYPE_INFO[subtype].en} ${info.en.toLowerCase()}`;
  const ko = `${SUBTYPE_INFO[subtype].ko} ${info.ko}`;
  return {pattern, type, subtype, en, ko, label: `${en} (${ko})`};
}

export type Bit = 0 | 1 | null;

export function patternOf(bits: readonly Bit[]): string | null {
  if (bits.length !== 4) throw new Error(`expected 4 bits, got ${bits.length}`);
  return bits.some((b) => b === null) ? null : bits.join("");
}

/** "20F" ⇄ {age: 20, gender: "F"} */
export function groupKey(age: number, gender: string): string {
  return `${age}${gender}`;
}

export function parseGroupKey(key: string): {age: number; gender: string} {
  const m = /^(\d+)([A-Za-z]+)$/.exec(key);
  if (!m) throw new Error(`invalid customer group ${JSON.stringify(key)}: expected age band + gender, e.g. "20F"`);
  return {age: Number(m[1]), gender: m[2]};
}

/** "20s women (20대 여성)" */
export function groupLabel(key: string): string {
  const {age, gender} = parseGroupKey(key);
  const en = gender === "F" ? "women" : gender === "M" ? "men" : gender;
  const ko = gender === "F" ? "여성" : gender === "M" ? "남성" : gender;
  return `${age}s ${en} (${age}대 ${ko})`;
}
