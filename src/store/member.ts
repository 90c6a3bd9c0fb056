/** Member ids as typed or scanned at the store entrance: ASCII digits only, at most 10 of them. */

export const MEMBER_ID_MAX_DIGITS = 10;

export type MemberIdResult = {ok: true; id: string; value: number} | {ok: false; error: string};

/**
 * Strict parse of a typed or scanned member id. Surrounding whitespace is dropped (keyboard-wedge
 * scanners append Enter or Tab); anything else that is not 0–9 is refused, naming the character.
 * Leading zeros are dropped so "0042" and "42" are one member (the source files zero-pad ids).
 */
export function parseMemberId(input: unknown): MemberIdResult {
  if (typeof input !== "string") return {ok: false, error: `Member id must be text, got ${input === null ? "null" : typeof input}.`};
  const text = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
  if (text === "") return {ok: false, error: "Enter a member id: digits 0–9, at most 10."};
  const bad = [...text].findIndex((ch) => ch < "0" || ch > "9");
  if (bad >= 0) {
    const ch = [...text][bad];
    const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return {ok: false, error: `Member id ${JSON.stringify(text)} is not digits only: ${JSON.stringify(ch)} (U+${code}) at position ${bad + 1}.`};
  }
  if (text.length > MEMBER_ID_MAX_DIGITS) {
    return {ok: false, error: `Member id ${JSON.stringify(text)} has ${text.length} digits; at most ${MEMBER_ID_MAX_DIGITS}.`};
  }
  const id = text.replace(/^0+(?=\d)/, "");
  return {ok: true, id, value: Number(id)};
}

/** The same check for an id already stored or imported: it must be canonical (no padding, no spaces). */
export function isCanonicalMemberId(id: unknown): id is string {
  return typeof id === "string" && /^(0|[1-9]\d{0,9})$/.test(id);
}
