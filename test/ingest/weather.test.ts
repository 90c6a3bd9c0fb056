import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import iconv from "iconv-lite";
import {describe, expect, it} from "vitest";
import {DataError} from "../../src/ingest/errors.js";
import {parseKmaDaily, weatherForPeriod} from "../../src/ingest/weather.js";

/** The bundled real export: KMA ASOS station 108 (Seoul), April–September 2018, CP949 as downloaded. */
const REAL = fileURLToPath(new URL("../../data/weather/kma-asos-108-seoul-2018.csv", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/ingest/valid/weather-seoul-108.csv", import.meta.url));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

describe("the real KMA ASOS export (station 108, CP949, as downloaded)", () => {
  const bytes = readFileSync(REAL);

  it("parses 183 days with the record heat of 2018-08-01", () => {
    const {days, stationName, encoding} = parseKmaDaily(bytes, {file: "kma.csv"});
    expect(encoding).toBe("cp949");
    expect(stationName).toBe("서울");
    expect(days.length).toBe(183);
    expect(days[0]).toEqual({date: "2018-04-01", tempMean: 15.6, precipMm: 0, station: 108});
    expect(days.find((d) => d.date === "2018-08-01")?.tempMean).toBe(33.6);
    expect(days.find((d) => d.date === "2018-04-08")?.tempMean).toBe(3.9);
    expect(days.find((d) => d.date === "2018-08-28")?.precipMm).toBe(96.5);
    expect(parseKmaDaily(bytes).covers).toEqual({start: "2018-04-01", end: "2018-09-30"});
  });

  it("covers any part of its months and says which dates it has when asked for others", () => {
    const parsed = parseKmaDaily(bytes, {file: "kma.csv"});
    expect(weatherForPeriod(parsed, {file: "kma.csv", start: "2018-07-01", end: "2018-07-31"}).map((d) => d.date)).toHaveLength(31);
    expect(() => weatherForPeriod(parsed, {file: "kma.csv", start: "2019-03-31", end: "2019-09-29"})).toThrow(
      "kma.csv: covers none of the data's dates: the file covers 2018-04-01..2018-09-30 for station 108, the data needs 2019-03-31..2019-09-29"
    );
    expect(() => weatherForPeriod(parsed, {file: "kma.csv", start: "2018-09-01", end: "2018-10-15"})).toThrow(/lacks 15 days of 2018-09-01\.\.2018-10-15: 2018-10-01, 2018-10-02, .*the file covers 2018-04-01\.\.2018-09-30/);
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
  it("names missing days of the period", () => {
    const parsed = parseKmaDaily(Buffer.from(text.replace(/^서울,108,2018-09-30,.*\n/m, "")), {file: "w.csv"});
    expect(() => weatherForPeriod(parsed, {file: "w.csv", start: "2018-04-01", end: "2018-09-30"})).toThrow(/^w\.csv: station 108 lacks 1 day of 2018-04-01\.\.2018-09-30: 2018-09-30 \(the file covers 2018-04-01\.\.2018-09-29/);
  });
  it("checks the values of the period's rows only; the others count towards what the file covers", () => {
    const odd = `${text}서울,108,2018-03-31,-99,,,\n서울,108,2018-10-01,x,,,\n`;
    const parsed = parseKmaDaily(Buffer.from(odd), {start: "2018-04-01", end: "2018-09-30"});
    expect(parsed.days.length).toBe(183);
    expect(parsed.covers).toEqual({start: "2018-03-31", end: "2018-10-01"});
    expect(() => parseKmaDaily(Buffer.from(odd))).toThrow("implausible mean temperature -99");
  });
  it("names a missing column", () => fails(text.replace("평균기온(°C)", "기온"), {}, /missing column 평균기온\(°C\)/));
  it("refuses a blank mean temperature", () => fails(text.replace("서울,108,2018-05-05,", "서울,108,2018-05-05,,").replace(/(서울,108,2018-05-05,,)[^,]*,/, "$1"), {}, /mean temperature missing on 2018-05-05/));
  it("refuses a duplicated day", () => fails(text + "서울,108,2018-04-01,1.0,0,2,\n", {}, /two rows for 2018-04-01/));
  it("refuses an empty file", () => fails("", {}, /empty/));
  it("refuses a bad precipitation", () => fails(text.replace(/^(서울,108,2018-04-02,[^,]*,[^,]*,[^,]*),/m, "$1,x"), {}, /bad precipitation "x"/));
});
