import {DataError} from "./errors.js";
import {RAW_FILES, type RawFile} from "./tables.js";

/** The competition's own numbering and names (01.Product … 06.Master). */
export const RAW_FILE_LABELS: Readonly<Record<RawFile, string>> = {
  product: "01.Product",
  search1: "02.Search1",
  search2: "03.Search2",
  custom: "04.Custom",
  session: "05.Session",
  master: "06.Master"
};

/** The prefix of the names the organisers shipped; file 01 also carries their typo "Pruduct". */
export const ORIGINAL_PREFIX = "제5회 Big Data Competition-분석용데이터-";
export const ORIGINAL_NAMES: Readonly<Record<RawFile, string>> = {
  product: `${ORIGINAL_PREFIX}01.Pruduct.csv`,
  search1: `${ORIGINAL_PREFIX}02.Search1.csv`,
  search2: `${ORIGINAL_PREFIX}03.Search2.csv`,
  custom: `${ORIGINAL_PREFIX}04.Custom.csv`,
  session: `${ORIGINAL_PREFIX}05.Session.csv`,
  master: `${ORIGINAL_PREFIX}06.Master.csv`
};

/** The weather file the synthetic generator writes beside the six files (KMA export format). */
export const WEATHER_FILE_NAME = "weather-seoul-108.csv";

/** A KMA weather export's name: anything with "weather", "kma" or "asos" in it, ending in .csv. */
const WEATHER_NAME = /(weather|kma|asos)[^\\/]*\.csv$/i;

/**
 * The weather export in a data folder's listing, or null. Two candidates are an error (which one
 * would the build use?), named with what to do.
 */
export function pickWeatherFile(names: readonly string[], dir = "."): string | null {
  const hits = names.filter((n) => WEATHER_NAME.test(n) && matchRawFile(n) === null).sort();
  if (hits.length > 1) throw new DataError("weather", `several weather files in ${dir} (${hits.map((h) => JSON.stringify(h)).join(", ")}); keep one, or choose one with --weather / LPOINT_WEATHER_FILE`);
  return hits[0] ?? null;
}

const NUMBER: Readonly<Record<RawFile, number>> = {product: 1, search1: 2, search2: 3, custom: 4, session: 5, master: 6};

// Anything before the last "-", "_" or space is ignored, so the long original prefix, "lpoint_" and
// the like all match; an optional "01." style number must agree with the stem.
const NAME = /^(?:.*[-_\s])?(?:0?([1-6])[._\s-]*)?(pruduct|product|search[_\s-]?1|search[_\s-]?2|customer|custom|session|master)\.csv$/i;

function roleOf(stem: string): RawFile {
  const s = stem.toLowerCase().replace(/[_\s-]/g, "");
  if (s === "pruduct" || s === "product") return "product";
  if (s === "customer") return "custom";
  return s as RawFile;
}

/** Which of the six files a file name denotes (case-insensitive), or null. */
export function matchRawFile(name: string): RawFile | null {
  const base = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const m = NAME.exec(base);
  if (!m) return null;
  const role = roleOf(m[2]);
  if (m[1] !== undefined && Number(m[1]) !== NUMBER[role]) return null;
  return role;
}

/**
 * Pick the six files out of a directory listing. Throws one DataError naming the first missing
 * file (with the names that would have matched) or two files claiming the same role.
 */
export function pickRawFiles(names: readonly string[], dir = "."): Record<RawFile, string> {
  const found = new Map<RawFile, string[]>();
  for (const name of [...names].sort()) {
    const role = matchRawFile(name);
    if (role) found.set(role, [...(found.get(role) ?? []), name]);
  }
  const out = {} as Record<RawFile, string>;
  for (const role of RAW_FILES) {
    const hits = found.get(role) ?? [];
    const label = RAW_FILE_LABELS[role];
    if (hits.length > 1) throw new DataError(label, `several files in ${dir} match (${hits.map((h) => JSON.stringify(h)).join(", ")}); keep one`);
    if (!hits.length) {
      const csv = names.filter((n) => /\.csv$/i.test(n));
      const present = csv.length ? `CSV files present: ${csv.slice(0, 12).map((n) => JSON.stringify(n)).join(", ")}${csv.length > 12 ? ", …" : ""}` : "no CSV files present";
      throw new DataError(label, `file not found in ${dir}: expected "${label}.csv", "${label.slice(3)}.csv" or the original "${ORIGINAL_NAMES[role]}" (case-insensitive); ${present}`);
    }
    out[role] = hits[0];
  }
  return out;
}
