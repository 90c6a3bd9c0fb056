/**
 * Small RFC 4180 helpers for the parts read in JS: header lines, the KMA weather export, and a
 * record scanner that finds blank lines (DuckDB's CSV reader skips them without a trace).
 */

/** Parse CSV text into records (quoted fields may hold commas, quotes and newlines). Blank lines are dropped. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let fields: string[] = [];
  let quoted = false;
  let touched = false;
  const endRecord = () => {
    if (touched || fields.length) {
      fields.push(field);
      records.push(fields);
    }
    fields = [];
    field = "";
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') (field += '"'), i++;
        else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") (quoted = true), (touched = true);
    else if (ch === ",") fields.push(field), (field = ""), (touched = true);
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else (field += ch), (touched = true);
  }
  if (quoted) throw new SyntaxError("unterminated quoted field at end of text");
  endRecord();
  return records;
}

/** The first record of CSV text (the header; a BOM is dropped), or null if the text holds no complete first record. */
export function firstRecord(input: string): string[] | null {
  const text = input.replace(/^\ufeff/, "");
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) return parseCsv(text.slice(0, i))[0] ?? [];
  }
  return quoted ? null : parseCsv(text)[0] ?? null;
}

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  Skip
}

/**
 * Counts CSV records the way DuckDB's strict reader delimits them (a quote opens a quoted field only
 * at a field's start, `""` escapes, a malformed quoted field resumes at the next line end) and records
 * the numbers of blank records. Record 1 is the header. Feed bytes in chunks, then call finish().
 */
export class RecordScanner {
  records = 0;
  readonly blank: number[] = [];
  private state = S.FieldStart;
  private empty = true;
  private afterCr = false;

  feed(bytes: Uint8Array): void {
    let {state, empty, afterCr} = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (afterCr) {
        afterCr = false;
        if (b === 10) continue;
      }
      if (state === S.Quoted) {
        if (b === 34) state = S.QuoteInQuoted;
        continue;
      }
      if (b === 10 || b === 13) {
        this.records++;
        if (empty) this.blank.push(this.records);
        state = S.FieldStart;
        empty = true;
        afterCr = b === 13;
        continue;
      }
      empty = false;
      if (state === S.QuoteInQuoted) state = b === 34 ? S.Quoted : b === 44 ? S.FieldStart : S.Skip;
      else if (state === S.FieldStart) state = b === 34 ? S.Quoted : b === 44 ? S.FieldStart : S.Unquoted;
      else if (state === S.Unquoted && b === 44) state = S.FieldStart;
    }
    this.state = state;
    this.empty = empty;
    this.afterCr = afterCr;
  }

  finish(): {records: number; blank: number[]} {
    if (!this.empty || this.state === S.Quoted) this.records++;
    this.empty = true;
    return {records: this.records, blank: this.blank};
  }
}
