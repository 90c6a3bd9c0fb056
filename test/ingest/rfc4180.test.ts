import {describe, expect, it} from "vitest";
import {firstRecord, parseCsv, RecordScanner} from "../../src/ingest/rfc4180.js";

describe("parseCsv", () => {
  it("handles quotes, escaped quotes, commas, line breaks and CRLF", () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"x\ny",,z\n\nlast')).toEqual([["a", "b,c", 'd "e"'], ["x\ny", "", "z"], ["last"]]);
  });

  it("refuses an unterminated quote", () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });

  it("reads the header record", () => {
    expect(firstRecord('\ufeff"CLNT_ID","SESS_ID"\r\n1,2')).toEqual(["CLNT_ID", "SESS_ID"]);
    expect(firstRecord('"A\nB",C\n1,2')).toEqual(["A\nB", "C"]);
    expect(firstRecord('"open')).toBeNull();
  });
});

describe("RecordScanner", () => {
  const scan = (text: string, chunk = 3) => {
    const s = new RecordScanner();
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += chunk) s.feed(bytes.subarray(i, i + chunk));
    return s.finish();
  };

  it("counts records and numbers blank lines like DuckDB (header = record 1)", () => {
    expect(scan("H\n1\n\n\n2\n\n")).toEqual({records: 6, blank: [3, 4, 6]});
    expect(scan("H\r\n1\r\n\r\n2")).toEqual({records: 4, blank: [3]});
  });

  it("does not count line breaks inside quotes, and resumes after a broken quote at the line end", () => {
    expect(scan('H\n1,"a\n\nb"\n2\n')).toEqual({records: 3, blank: []});
    expect(scan('H\n1,"a"x,2\n\n3\n')).toEqual({records: 4, blank: [3]});
    expect(scan('H\n1,a"b\n\n')).toEqual({records: 3, blank: [3]});
  });
});
