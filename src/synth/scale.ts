/** Sizes of the twin: the real competition counts and the fraction of them each scale generates. */

export const SCALES = ["tiny", "demo", "full"] as const;
export type Scale = (typeof SCALES)[number];

export const SCALE_FRACTION: Readonly<Record<Scale, number>> = {tiny: 0.004, demo: 0.08, full: 1};

export const DEFAULT_SEED = 20180401;

/** The twin's period: the real files' six months. */
export const TWIN_PERIOD: Readonly<{start: string; end: string}> = Object.freeze({start: "2018-04-01", end: "2018-09-30"});
export const DEFAULT_SCALE: Scale = "demo";

/** Row counts and cardinalities of the real files, as published. */
export const FULL_COUNTS = {
  productLines: 5_024_906,
  sessions: 2_712_907,
  search1Rows: 2_884_943,
  search2Rows: 8_051_172,
  customRows: 671_679,
  masterRows: 847_652,
  clients: 922_737,
  /** largest CLNT_ID and SESS_ID seen in the real data */
  maxClientId: 6_592_554,
  maxSessionId: 10_977_899,
  brands: 13_745,
  search1Keywords: 81_539,
  pageViewNa: 274,
  hitsSeqOne: 5_176
} as const;

export function parseScale(value: unknown): Scale {
  if (typeof value === "string" && (SCALES as readonly string[]).includes(value)) return value as Scale;
  throw new Error(`invalid scale: ${JSON.stringify(value)} (expected one of ${SCALES.join(", ")})`);
}

export function parseSeed(value: unknown): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n;
  throw new Error(`invalid seed: ${JSON.stringify(value)} (expected an integer 0..4294967295)`);
}

/** count × fraction, rounded, never below `min`. */
export function scaled(count: number, fraction: number, min = 1): number {
  return Math.max(min, Math.round(count * fraction));
}
