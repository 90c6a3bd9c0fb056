import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {LineCounter, prescanHeader, scanShape} from "../../../loaders/warehouse/prescan.js";
import {DataError} from "../../../src/ingest/errors.js";
import {FILE_SPECS} from "../../../src/ingest/specs.js";
import {Rng} from "../../../src/synth/prng.js";

// What the single-pass counter must agree with: every line break counted (carriage returns only in a
// file without line feeds), and a possible blank line wherever two breaks meet or the file starts with one.
function reference(text: string): {physicalLines: number; blankSeen: boolean} {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const lf = (text.match(/\n/g) ?? []).length;
  const cr = (text.match(/\r/g) ?? []).length;
  const last = text.at(-1);
  return {
    physicalLines: (lf > 0 ? lf : cr) + (last === "\n" || last === "\r" ? 0 : 1),
    blankSeen: /^[\n\r]/.test(body) || /\n\n|\n\r\n|\r\r/.test(text)
  };
}

function count(bytes: Buffer, sizes: number[]): {physicalLines: number; blankSeen: boolean} {
  const c = new LineCounter();
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    c.feed(bytes.subarray(at, at + n));
    at += n;
  }
  return c.finish();
}

describe("LineCounter", () => {
  it("agrees with a whole-text count for every way of cutting the file into chunks", () => {
    const rng = new Rng(7);
    const alphabet = ["a", ",", "\n", "\r", "\r\n", '"', "가"];
    for (let t = 0; t < 400; t++) {
      const parts = Array.from({length: 1 + rng.int(12)}, () => alphabet[rng.int(alphabet.length)]);
      const text = (rng.next() < 0.2 ? "\ufeff" : "") + parts.join("");
      const bytes = Buffer.from(text, "utf8");
      for (const sizes of [[bytes.length || 1], [1], [2], [3, 1], [1, 2, 5]]) expect(count(bytes, sizes), `${JSON.stringify(text)} in chunks of ${sizes}`).toEqual(reference(text));
    }
  });

  it("sees a blank line split across chunks", () => {
    expect(count(Buffer.from("h\na\n\r\nb\n"), [4, 1, 3]).blankSeen).toBe(true);
    expect(count(Buffer.from("h\ra\r\rb"), [4, 3]).blankSeen).toBe(true);
    expect(count(Buffer.from("h\n\r\n"), [2, 2]).blankSeen).toBe(true);
    expect(count(Buffer.from("h\r\na\r\nb\r\n"), [3, 2, 2, 1])).toEqual({physicalLines: 3, blankSeen: false});
  });
});

describe("prescanHeader and scanShape", () => {
  const dir = mkdtempSync(join(tmpdir(), "prescan-"));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const spec = FILE_SPECS.custom;

  it("counts lines and finds blank records only after reading every byte", async () => {
    const head = await prescanHeader(file("c.csv", "CLNT_ID,CLNT_GENDER,CLNT_AGE\r\n1,F,30\r\n\r\n2,M,40\r\n"), spec);
    expect(head.header).toEqual(["CLNT_ID", "CLNT_GENDER", "CLNT_AGE"]);
    expect(await scanShape(head, spec)).toMatchObject({physicalLines: 4, blank: [2], scannedRecords: 4});
  });

  it("rejects a file with a header and no rows in the header check when the first megabyte is the whole file, unless rows are optional", async () => {
    const session = "CLNT_ID,SESS_ID,SESS_SEQ,SESS_DT,TOT_PAG_VIEW_CT,TOT_SESS_HR_V,DVC_CTG_NM,ZON_NM,CITY_NM\n";
    await expect(prescanHeader(file("s.csv", session), FILE_SPECS.session)).rejects.toThrow(new DataError("s.csv", "has a header but no data rows (05.Session)"));
    // Custom without rows: no customer is a member, which is data
    expect((await prescanHeader(file("h.csv", "CLNT_ID,CLNT_GENDER,CLNT_AGE\n"), spec)).header).toEqual(["CLNT_ID", "CLNT_GENDER", "CLNT_AGE"]);
  });
});
