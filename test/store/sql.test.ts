import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {recordFromJson} from "../../src/lazy.js";
import {bindNamed} from "../../src/sql.js";
import {parseCustomerRow} from "../../src/store/profile.js";
import {CUSTOMER_SQL, PURCHASES_SQL, SAMPLE_SQL, SEARCHES_SQL} from "../../src/store/sql.js";
import {mergeTimeline} from "../../src/store/timeline.js";
import type {PurchaseRow, SearchRow} from "../../src/store/timeline.js";

// The page's queries over tables with the contract's schema (the lead's data/*.parquet), in native DuckDB.
let duck: Duck;
let columns: string[] = [];
const run = <T = Record<string, unknown>>(sql: string, id: number) => {
  const {sql: text, values} = bindNamed(sql, {id});
  return duck.query<T>(text, values);
};

beforeAll(async () => {
  duck = await openDuck();
  await duck.run(`CREATE TABLE customers (clnt_id INTEGER, member BOOLEAN, gender VARCHAR, age INTEGER, device VARCHAR, region VARCHAR,
    sessions INTEGER, lines INTEGER, total DOUBLE, first_date VARCHAR, last_date VARCHAR, mean_day DOUBLE, r INTEGER, f INTEGER, m INTEGER,
    tier VARCHAR, point_rate DOUBLE, type VARCHAR, subtype VARCHAR, bits VARCHAR, top1 VARCHAR, top2 VARCHAR, top3 VARCHAR, top4 VARCHAR, top5 VARCHAR,
    top1_index DOUBLE, top2_index DOUBLE, top3_index DOUBLE, top4_index DOUBLE, top5_index DOUBLE)`);
  await duck.run(`INSERT INTO customers VALUES
    (7, true, 'F', 30, 'mobile', '서울', 3, 4, 120000, '2018-04-02', '2018-08-30', 50.0, 3, 2, 2, 'star', 0.008, 'easygoing', 'more', '0000', '여성의류', NULL, NULL, NULL, NULL, 100, NULL, NULL, NULL, NULL),
    (8, true, 'M', 40, 'desktop', '부산', 1, 2, 30000, '2018-05-02', '2018-05-02', NULL, 1, 1, 1, 'unmanaged', 0.001, NULL, NULL, NULL, '남성의류', NULL, NULL, NULL, NULL, 100, NULL, NULL, NULL, NULL),
    (9, true, 'F', 20, 'mobile', '경기', 2, 6, 500000, '2018-06-01', '2018-06-20', 19.0, 2, 3, 2, 'star', 0.008, 'easygoing', 'less', '0010', '유아동의류', NULL, NULL, NULL, NULL, 100, NULL, NULL, NULL, NULL),
    (10, false, NULL, NULL, 'mobile', '서울', 1, 1, 9000, '2018-07-07', '2018-07-07', NULL, 2, 1, 1, 'unmanaged', 0.001, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
  // the page's table: one JSON-array record per customer (data/customers/detail.parquet), built here as the loader builds it
  columns = (await duck.query<{column_name: string}>("SELECT column_name FROM (DESCRIBE customers)")).map((c) => c.column_name);
  await duck.run(`CREATE TABLE customer_records AS SELECT clnt_id, '[' || concat_ws(',', ${columns.map((c) => `coalesce(to_json("${c}")::VARCHAR, 'null')`).join(", ")}) || ']' AS record FROM customers`);
  await duck.run(`CREATE TABLE purchases (clnt_id INTEGER, date VARCHAR, category VARCHAR, product VARCHAR, amount DOUBLE, units INTEGER)`);
  await duck.run(`INSERT INTO purchases VALUES (7, '2018-08-30', '여성의류', 'B, "quoted"', 80000, 1), (7, '2018-04-02', '여성의류', 'A 니트', 40000, 2), (8, '2018-05-02', '남성의류', 'C', 30000, 1)`);
  await duck.run(`CREATE TABLE searches (clnt_id INTEGER, date VARCHAR, keyword VARCHAR, searches INTEGER)`);
  await duck.run(`INSERT INTO searches VALUES (7, '2018-04-01', '니트', 2), (7, '2018-09-01', '=HYPERLINK("x")', 1), (9, '2018-06-01', '우비', 1)`);
});
afterAll(() => duck?.close());

describe("store queries", () => {
  it("read one customer by a bound id into a profile", async () => {
    const rows = await run<{record: string}>(CUSTOMER_SQL, 7);
    expect(rows).toHaveLength(1);
    expect(parseCustomerRow(recordFromJson(rows[0].record, columns))).toMatchObject({clntId: 7, tier: "star", type: "easygoing", top: [{category: "여성의류", index: 100}]});
    expect(parseCustomerRow(recordFromJson((await run<{record: string}>(CUSTOMER_SQL, 10))[0].record, columns))).toMatchObject({clntId: 10, member: false, gender: null, top: []});
    expect(await run(CUSTOMER_SQL, 123)).toEqual([]);
  });
  it("read a member's purchases and searches in date order, onto one timeline", async () => {
    const purchases = await run<PurchaseRow>(PURCHASES_SQL, 7);
    const searches = await run<SearchRow>(SEARCHES_SQL, 7);
    expect(purchases.map((p) => p.product)).toEqual(["A 니트", 'B, "quoted"']);
    expect(searches.map((s) => s.keyword)).toEqual(["니트", '=HYPERLINK("x")']);
    expect(mergeTimeline({purchases, searches, records: []}).map((e) => `${e.date} ${e.kind} ${e.converted}`)).toEqual([
      "2018-04-01 search true", "2018-04-02 purchase null", "2018-08-30 purchase null", "2018-09-01 search false"
    ]);
  });
  it("pick one member per tier and type: the one with most lines, members only", async () => {
    const rows = await duck.query<{clnt_id: number; tier: string; type: string | null}>(`${SAMPLE_SQL} ORDER BY clnt_id`);
    expect(rows.map((r) => r.clnt_id)).toEqual([8, 9]);
  });
});
