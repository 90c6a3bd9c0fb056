import {describe, expect, it} from "vitest";
import {DataError} from "../../src/ingest/errors.js";
import {matchRawFile, ORIGINAL_NAMES, pickRawFiles} from "../../src/ingest/files.js";
import {RAW_FILES} from "../../src/ingest/tables.js";

describe("matchRawFile", () => {
  it("accepts the organisers' names, typo included", () => {
    expect(matchRawFile("제5회 Big Data Competition-분석용데이터-01.Pruduct.csv")).toBe("product");
    for (const f of RAW_FILES) expect(matchRawFile(ORIGINAL_NAMES[f])).toBe(f);
  });

  it("accepts short names, with or without the number, in any case", () => {
    const cases: [string, string][] = [
      ["01.Product.csv", "product"], ["Product.csv", "product"], ["Pruduct.csv", "product"], ["product.CSV", "product"], ["1.product.csv", "product"],
      ["02.Search1.csv", "search1"], ["SEARCH1.csv", "search1"], ["search_1.csv", "search1"], ["03.Search2.csv", "search2"],
      ["04.Custom.csv", "custom"], ["Customer.csv", "custom"], ["05.Session.csv", "session"], ["06.Master.csv", "master"],
      ["lpoint_master.csv", "master"], ["data/raw/05.Session.csv", "session"]
    ];
    for (const [name, role] of cases) expect(matchRawFile(name), name).toBe(role);
  });

  it("matches NFD-normalised Korean names (macOS)", () => {
    expect(matchRawFile(ORIGINAL_NAMES.session.normalize("NFD"))).toBe("session");
  });

  it("rejects other files and a number that contradicts the name", () => {
    for (const name of ["weather-seoul-108.csv", "truth.json", "Product.csv.bak", "products.csv", "02.Product.csv", "06.Session.csv", "Search3.csv", "README.md"])
      expect(matchRawFile(name), name).toBeNull();
  });
});

describe("pickRawFiles", () => {
  const six = ["01.Product.csv", "02.Search1.csv", "03.Search2.csv", "04.Custom.csv", "05.Session.csv", "06.Master.csv"];

  it("maps each role to its file", () => {
    expect(pickRawFiles([...six, "weather-seoul-108.csv", "truth.json"])).toEqual({
      product: "01.Product.csv", search1: "02.Search1.csv", search2: "03.Search2.csv", custom: "04.Custom.csv", session: "05.Session.csv", master: "06.Master.csv"
    });
  });

  it("names the missing file and what would have matched", () => {
    let error: unknown;
    try {
      pickRawFiles(six.filter((n) => !n.includes("Session")), "/data");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).file).toBe("05.Session");
    expect((error as DataError).problem).toMatch(/file not found in \/data: expected "05\.Session\.csv", "Session\.csv" or the original ".*-05\.Session\.csv"/);
  });

  it("refuses two files for one role", () => {
    expect(() => pickRawFiles([...six, "Product.csv"])).toThrow(/01\.Product: several files .* match/);
  });
});
