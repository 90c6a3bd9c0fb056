import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {joinsAsWritten, openDuck, singleThreaded, type Duck} from "../../loaders/duck.js";
import {PURCHASE_LINE_COUNTS_SQL, PURCHASE_LINES_SQL} from "../../src/profile/sql.js";

let duck: Duck;

beforeAll(async () => {
  duck = await openDuck(":memory:", {threads: 2});
  // A catalogue far larger than the lines (a few customers' data): left to itself, DuckDB builds its hash
  // table on the smaller side, the sorted lines. Lines in no order, sessions on dates out of id order.
  await duck.run(`CREATE TABLE master AS SELECT i AS pd_c, ['여성의류', '가구', '식품'][1 + i % 3] AS clac1_nm, 'item ' || i AS pd_nm FROM range(1, 200001) r(i)`);
  await duck.run(`CREATE TABLE session AS SELECT c AS clnt_id, s AS sess_id, DATE '2018-09-30' - ((s * 7 + c) % 150)::INTEGER AS sess_dt FROM range(1, 41) a(c), range(1, 9) b(s)`);
  await duck.run(`CREATE TABLE product AS SELECT 1 + (i * 7919) % 40 AS clnt_id, 1 + (i * 31) % 8 AS sess_id, 1 + (i * 104729) % 200000 AS pd_c,
    i AS line_no, 1000.0 + i AS pd_buy_am, 1 + i % 3 AS pd_buy_ct FROM range(1, 3001) r(i) ORDER BY hash(i)`);
});
afterAll(() => duck?.close());

const sorted = `SELECT p.clnt_id::INTEGER AS clnt_id, strftime(s.sess_dt, '%Y-%m-%d') AS date, m.clac1_nm AS category, m.pd_nm AS product,
  (p.pd_buy_am * p.pd_buy_ct)::DOUBLE AS amount, p.pd_buy_ct::INTEGER AS units
FROM product p JOIN session s USING (clnt_id, sess_id) JOIN master m USING (pd_c)
ORDER BY p.clnt_id, s.sess_dt, p.sess_id, p.line_no`;

describe("PURCHASE_LINES_SQL", () => {
  it("gives every line in customer, date, session and line order when its joins run as written on one thread", async () => {
    const expected = await duck.query(sorted);
    const rows = await joinsAsWritten(duck, () => singleThreaded(duck, () => duck.query(PURCHASE_LINES_SQL)));
    expect(rows).toHaveLength(3000);
    expect(rows).toEqual(expected);
    const counts = await duck.query<{key: number; n: number}>(`SELECT key, n::INTEGER AS n FROM (${PURCHASE_LINE_COUNTS_SQL}) ORDER BY key`);
    expect(counts.reduce((s, c) => s + c.n, 0)).toBe(3000);
  });

  it("loses that order when DuckDB picks the build side (why the loader runs it with the joins as written)", async () => {
    const expected = await duck.query(sorted);
    const rows = await singleThreaded(duck, () => duck.query(PURCHASE_LINES_SQL));
    expect(rows).not.toEqual(expected);
    expect(new Set(rows.map((r) => JSON.stringify(r)))).toEqual(new Set(expected.map((r) => JSON.stringify(r))));
  });
});
