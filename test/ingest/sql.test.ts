import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {openDuck} from "../../loaders/duck.js";
import {isNa, parseNumber} from "../../src/ingest/numbers.js";
import {classifySql, countDuplicatesSql, fillQuarantinedSql, lineOf, quarantineDuplicatesSql, renumberSql, sqlString, usedParams} from "../../src/ingest/sql.js";
import {FILE_SPECS, mapHeader} from "../../src/ingest/specs.js";
import {cleanup, tempDir} from "./helpers.js";

afterAll(cleanup);

describe("SQL text helpers", () => {
  it("escapes string literals and refuses NUL", () => {
    expect(sqlString("/data/it's here.csv")).toBe("'/data/it''s here.csv'");
    expect(() => sqlString("a\0b")).toThrow(/NUL/);
  });

  it("binds only the parameters a statement names", () => {
    expect(usedParams("SELECT $a, $ab FROM t WHERE x = $c", {a: 1, ab: 2, b: 3, c: 4})).toEqual({a: 1, ab: 2, c: 4});
  });
});

describe("fillQuarantinedSql", () => {
  it("fills the quarantined rows' empty NOT NULL cells, so the swap-in's NOT NULL holds beside an older transaction", async () => {
    const duck = await openDuck(":memory:");
    const other = await duck.fork();
    try {
      const columns = [{name: "id", type: "BIGINT"}, {name: "day", type: "DATE"}, {name: "kwd", type: "VARCHAR"}];
      const stage = async (fill: boolean) => {
        await duck.run("BEGIN TRANSACTION");
        await duck.run("CREATE OR REPLACE TABLE stage AS SELECT * FROM (VALUES (1, DATE '2018-04-01', 'a', NULL), (NULL, NULL, NULL, 'bad_type'), (3, NULL, 'c', 'na_key')) v(id, day, kwd, reason)");
        if (fill) await duck.run(fillQuarantinedSql("stage", columns)!);
        await duck.run("COMMIT");
      };
      // another file's read holds a transaction open across the delete: DuckDB keeps the deleted rows for it
      const swapIn = async () => {
        await other.run("BEGIN TRANSACTION");
        await other.query("SELECT count(*) FROM stage");
        try {
          await duck.run("DELETE FROM stage WHERE reason IS NOT NULL");
          for (const c of columns) await duck.run(`ALTER TABLE stage ALTER COLUMN ${c.name} SET NOT NULL`);
        } finally {
          await other.run("COMMIT");
        }
      };
      await stage(false);
      await expect(swapIn()).rejects.toThrow(/NOT NULL constraint failed/);
      await stage(true);
      await swapIn();
      expect(await duck.query("SELECT id, day, kwd FROM stage")).toEqual([{id: 1, day: "2018-04-01", kwd: "a"}]);
    } finally {
      other.close();
      duck.close();
    }
  });

  it("touches only quarantined rows, needs no statement without columns, and names a type it cannot fill", () => {
    expect(fillQuarantinedSql("s", [{name: "id", type: "INTEGER"}])).toBe("UPDATE s SET id = coalesce(id, 0) WHERE reason IS NOT NULL AND (id IS NULL)");
    expect(fillQuarantinedSql("s", [])).toBeNull();
    expect(() => fillQuarantinedSql("s", [{name: "t", type: "TIME"}])).toThrow(/column t of type "TIME"/);
    expect(() => fillQuarantinedSql("s", [{name: "a b", type: "INTEGER"}])).toThrow(/invalid column name "a b"/);
  });
});

describe("renumberSql", () => {
  it("gives accepted rows their data row number around skipped ones", async () => {
    const duck = await openDuck();
    await duck.run("CREATE TABLE cls AS SELECT range + 1 AS line_no, 'v' || (range + 1) AS v FROM range(6)");
    await duck.run("CREATE TABLE skip AS SELECT * FROM (VALUES (1), (4), (5), (9)) t(r)");
    await duck.run(renumberSql("cls", "skip", "out"));
    // Data rows 1..10 with 1, 4, 5, 9 skipped: the 6 accepted rows are 2, 3, 6, 7, 8, 10.
    expect((await duck.query("SELECT line_no FROM out ORDER BY v")).map((r) => r.line_no)).toEqual([2, 3, 6, 7, 8, 10]);
    duck.close();
  });
});

describe("lineOf", () => {
  it("numbers a parallel read in file order, inside a transaction too, skipping rejected records as the reader does", async () => {
    const dir = tempDir();
    const path = join(dir, "s2.csv");
    // large enough for several scan threads; every 150,000th record has a fourth field and is rejected
    const n = 1_200_000;
    const lines = Array.from({length: n}, (_, i) => (i % 150_000 === 149_999 ? `20180501,k${i},1,1` : `20180501,k${i},${(i % 9) + 1}`));
    writeFileSync(path, "SESS_DT,KWD_NM,SEARCH_CNT\n" + lines.join("\n") + "\n");
    const spec = FILE_SPECS.search2;
    const {index} = mapHeader(spec, ["SESS_DT", "KWD_NM", "SEARCH_CNT"]);
    const duck = await openDuck(":memory:", {threads: 4});
    const cls = classifySql(spec, {path, index, columnCount: 3, table: "cls", rejectsTable: "rj", rejectsScan: "rs"});
    const ordinal = cls.sql.replace("CREATE TABLE cls", "CREATE TABLE ord").replace(/SELECT NULL::BIGINT AS line_no, \* FROM (read_csv\(.*?\)) *\)/s, "SELECT ordinality AS line_no, * FROM $1 WITH ORDINALITY)").replaceAll("'rj'", "'rj2'").replaceAll("'rs'", "'rs2'");
    expect(ordinal).toContain("WITH ORDINALITY");
    await duck.run(ordinal, cls.params);
    await duck.run("BEGIN TRANSACTION");
    await duck.run(cls.sql, cls.params);
    const got = await duck.query<{n: number; first: number; last: number; differ: number}>(
      `SELECT count(*) AS n, min(c.line) AS first, max(c.line) AS last, count(*) FILTER (WHERE c.kwd_nm <> o.kwd_nm) AS differ FROM (SELECT ${lineOf("cls")} AS line, kwd_nm FROM cls) c JOIN ord o ON o.line_no = c.line`
    );
    await duck.run("COMMIT");
    expect(got[0]).toEqual({n: n - 8, first: 1, last: n - 8, differ: 0});
    duck.close();
  });
});

describe("duplicate keys", () => {
  it("the hashed grouping finds exactly the repeated keys, NULLs equal, first line kept", async () => {
    const duck = await openDuck();
    await duck.run(`CREATE TABLE cls AS SELECT * FROM (VALUES
      (1, 10, 'a', NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR), (2, 10, NULL, NULL, NULL, NULL), (3, 10, 'a', NULL, NULL, NULL),
      (4, 10, NULL, NULL, NULL, NULL), (5, 11, 'a', NULL, NULL, NULL), (6, 10, 'a', 'bad_number', NULL, NULL), (7, 10, 'a', NULL, NULL, NULL)
    ) t(line_no, sess_dt, kwd_nm, reason, detail, raw)`);
    const spec = {...FILE_SPECS.search2, unique: ["sess_dt", "kwd_nm"], columns: FILE_SPECS.search2.columns.filter((c) => c.name !== "search_cnt")};
    expect((await duck.query<{n: number}>(countDuplicatesSql(spec, "cls")))[0].n).toBe(3);
    await duck.run(quarantineDuplicatesSql(spec, "cls"));
    const rows = await duck.query<{line_no: number; detail: string}>("SELECT line_no, detail FROM cls WHERE reason = 'duplicate_key' ORDER BY line_no");
    expect(rows.map((r) => [r.line_no, r.detail.match(/line (\d+)/)![1]])).toEqual([[3, "1"], [4, "2"], [7, "1"]]);
    duck.close();
  });
});

describe("the SQL number grammar agrees with parseNumber", () => {
  const values = ["1", "007", "1,440", "12,345,678", " 42 ", "+5", "82.0", "82.5", "1,29", "39,00", "1e3", "0x1F", "1_000", "inf", "NaN", "NA", "", "-3", "0", "1,,000", "１２", "3.0.0"];

  it("for an integer column (Search2 SEARCH_CNT)", async () => {
    const dir = tempDir();
    const path = join(dir, "s2.csv");
    writeFileSync(path, "SESS_DT,KWD_NM,SEARCH_CNT\n" + values.map((v, i) => `20180501,k${i},"${v}"`).join("\n") + "\n");
    const spec = FILE_SPECS.search2;
    const {index} = mapHeader(spec, ["SESS_DT", "KWD_NM", "SEARCH_CNT"]);
    const duck = await openDuck();
    const {sql, params} = classifySql(spec, {path, index, columnCount: 3, table: "cls", rejectsTable: "rj", rejectsScan: "rs"});
    await duck.run(sql, params);
    const rows = await duck.query<{kwd_nm: string; search_cnt: number | null; reason: string | null}>("SELECT kwd_nm, search_cnt, reason FROM cls ORDER BY rowid");
    rows.forEach((row, i) => {
      const v = values[i];
      const js = parseNumber(v, {integer: true});
      const parsed = row.reason !== "bad_number" && row.reason !== "missing_value";
      expect(parsed, JSON.stringify(v)).toBe(js !== null);
      if (js !== null && js >= 1) expect(row.search_cnt, v).toBe(js);
      if (isNa(v)) expect(row.reason, v).toBe("missing_value");
      if (js !== null && js < 0) expect(row.reason).toBe("negative_amount");
      if (js === 0) expect(row.reason).toBe("out_of_range");
    });
    duck.close();
  });
});
