import {existsSync, readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {DataError} from "../../src/ingest/errors.js";
import {parseKmaDaily} from "../../src/ingest/weather.js";

const REAL = fileURLToPath(new URL("../../../shared/data/kma-asos-108-seoul-2018-04-09.cp949.csv", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/ingest/valid/weather-seoul-108.csv", import.meta.url));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

describe.skipIf(!existsSync(REAL))("the real KMA ASOS export (station 108, CP949, as downloaded)", () => {
  // Read lazily: vitest still runs a skipped describe's body to collect its tests.
  const bytes = existsSync(REAL) ? readFileSync(REAL) : Buffer.alloc(0);

  it("parses 183 days with the record heat of 2018-08-01", () => {
    const {days, stationName, encoding} = parseKmaDaily(bytes, {file: "kma.csv"});
    expect(encoding).toBe("cp949");
    expect(stationName).toBe("서울");
    expect(days.length).toBe(183);
    expect(days[0]).toEqual({date: "2018-04-01", tempMean: 15.6, precipMm: 0, station: 108});
    expect(days.find((d) => d.date === "2018-08-01")?.tempMean).toBe(33.6);
    expect(days.find((d) => d.date === "2018-04-08")?.tempMean).toBe(3.9);
    expect(days.find((d) => d.date === "2018-08-28")?.precipMm).toBe(96.5);
  });

  it("reads blank precipitation as 0 mm and matches the published monthly summary", () => {
    const {days} = parseKmaDaily(bytes);
    const monthly = (m: string) => days.filter((d) => d.date.slice(5, 7) === m);
    expect(["04", "05", "06", "07", "08", "09"].map((m) => round(mean(monthly(m).map((d) => d.tempMean)), 2))).toEqual([12.99, 18.17, 23.14, 27.8, 28.76, 21.5]);
    expect(round(days.reduce((s, d) => s + d.precipMm, 0), 1)).toBe(980.5);
    expect(days.filter((d) => d.precipMm > 0).length).toBe(67);
  });

  it("reads the same export re-saved as UTF-8 (with BOM) identically", () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(iconv.decode(bytes, "cp949"))]);
    const a = parseKmaDaily(bytes);
    const b = parseKmaDaily(utf8);
    expect(b.encoding).toBe("utf-8");
    expect(b.days).toEqual(a.days);
  });
});

describe("parseKmaDaily", () => {
  const text = readFileSync(FIXTURE, "utf8");

  it("reads the fixture in UTF-8 and in CP949, picking the station", () => {
    const a = parseKmaDaily(Buffer.from(text));
    const b = parseKmaDaily(iconv.encode(text, "cp949"));
    expect(a.days.length).toBe(183);
    expect(b.encoding).toBe("cp949");
    expect(b.days).toEqual(a.days);
    expect(a.days[1]).toEqual({date: "2018-04-02", tempMean: 6.6, precipMm: 0, station: 108});
  });

  const fails = (input: string, options: Parameters<typeof parseKmaDaily>[1], problem: RegExp) => {
    let error: unknown;
    try {
      parseKmaDaily(Buffer.from(input), {file: "w.csv", ...options});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).file).toBe("w.csv");
    expect((error as DataError).problem).toMatch(problem);
  };

  it("names a missing station and lists the stations present", () => fails(text, {station: 119}, /station 119 not found \(stations in the file: 108, 159\)/));
  it("names missing days", () => fails(text.replace(/^서울,108,2018-09-30,.*\n/m, ""), {}, /lacks 1 day .*: 2018-09-30/));
  it("names a missing column", () => fails(text.replace("평균기온(°C)", "기온"), {}, /missing column 평균기온\(°C\)/));
  it("refuses a blank mean temperature", () => fails(text.replace("서울,108,2018-05-05,", "서울,108,2018-05-05,,").replace(/(서울,108,2018-05-05,,)[^,]*,/, "$1"), {}, /mean temperature missing on 2018-05-05/));
  it("refuses a duplicated day", () => fails(text + "서울,108,2018-04-01,1.0,0,2,\n", {}, /two rows for 2018-04-01/));
  it("refuses an empty file", () => fails("", {}, /empty/));
  it("refuses a bad precipitation", () => fails(text.replace(/^(서울,108,2018-04-02,[^,]*,[^,]*,[^,]*),/m, "$1,x"), {}, /bad precipitation "x"/));
});
