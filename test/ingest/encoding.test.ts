import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {decodeKoreanText, guessEncoding, hasUtf8Bom, stripUtf8Bom, trimIncompleteUtf8, utf8Problem} from "../../src/ingest/encoding.js";

const korean = "SESS_DT,KWD_NM,SEARCH_CNT\n20180407,닥스원피스,8\n20180407,닥터지 브라이트닝,1\n20180407,달팡 인트랄,2\n";

describe("utf8Problem", () => {
  it("accepts UTF-8 with or without BOM, even cut mid-character", () => {
    const bytes = Buffer.from(korean);
    expect(utf8Problem(bytes)).toBeNull();
    expect(utf8Problem(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toBeNull();
    expect(utf8Problem(bytes.subarray(0, bytes.indexOf("닥") + 2))).toBeNull();
  });

  it("names CP949/EUC-KR for a Korean Windows re-save", () => {
    expect(utf8Problem(iconv.encode(korean, "cp949"))).toMatch(/^not UTF-8: 3 of the first 4 lines have invalid bytes \(first on line 2\); it looks like CP949\/EUC-KR/);
    expect(utf8Problem(iconv.encode(korean, "euc-kr"))).toMatch(/CP949\/EUC-KR/);
  });

  it("names UTF-16", () => {
    expect(utf8Problem(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(korean, "utf16le")]))).toMatch(/UTF-16LE/);
    expect(utf8Problem(Buffer.from("CLNT_ID,SESS_ID\n1,2\n", "utf16le"))).toMatch(/UTF-16LE/);
  });

  it("tolerates one stray bad line (the reader quarantines it)", () => {
    expect(utf8Problem(Buffer.concat([Buffer.from(korean), Buffer.from([0x31, 0x2c, 0xff, 0x0a])]))).toBeNull();
  });
});

describe("byte helpers", () => {
  it("detects and strips a BOM", () => {
    const b = Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
    expect(hasUtf8Bom(b)).toBe(true);
    expect([...stripUtf8Bom(b)]).toEqual([0x41]);
    expect([...stripUtf8Bom(Buffer.from("A"))]).toEqual([0x41]);
  });

  it("drops only an incomplete trailing sequence", () => {
    const b = Buffer.from("가나");
    expect(trimIncompleteUtf8(b.subarray(0, 4)).toString()).toBe("가");
    expect(trimIncompleteUtf8(b).toString()).toBe("가나");
  });

  it("guesses", () => {
    expect(guessEncoding(iconv.encode("한글 텍스트", "cp949"))).toBe("CP949/EUC-KR");
    expect(guessEncoding(Buffer.from([0x80, 0x81, 0xfe, 0xff, 0x80]))).toBe("an unknown non-UTF-8 encoding");
  });

  it("decodes small Korean text in either encoding", () => {
    expect(decodeKoreanText(iconv.encode("지점,일시", "cp949"))).toEqual({text: "지점,일시", encoding: "cp949"});
    expect(decodeKoreanText(Buffer.from("\ufeff지점,일시"))).toEqual({text: "지점,일시", encoding: "utf-8"});
  });
});
