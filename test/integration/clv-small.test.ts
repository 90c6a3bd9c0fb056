// Data too small for the lifetime-value models: five buyers. The loaders say why, keep every buyer's
// summary with empty model columns, and give no reasons; the customer table's CLV columns stay empty.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {createClvTable, customerLtvRows, LTV_COLUMNS} from "../../loaders/clv.js";
import {createCustomerTable} from "../../loaders/customers.js";
import {openFixture, randomFixture} from "../fixtures/analysis/warehouse.js";

let duck: Duck;

beforeAll(async () => {
  duck = await openFixture(randomFixture(11, {customers: 5}));
});
afterAll(() => duck?.close());

describe("lifetime value on five customers", () => {
  it("is not fitted, and says why", async () => {
    const fit = await createClvTable(duck);
    expect(fit.customers).toBeLessThanOrEqual(5);
    expect(fit.reason).toMatch(/The data has \d buying customers?; the models need at least 20/);
    expect(fit.bg).toBeNull();
    const rows = await duck.query<{p_alive: number | null; clv: number | null}>("SELECT p_alive, clv FROM clv");
    expect(rows).toHaveLength(fit.customers);
    expect(rows.every((r) => r.p_alive === null && r.clv === null)).toBe(true);
  });

  it("customer_ltv keeps every buyer's summary with empty model columns; customers.csv's CLV columns are empty", async () => {
    const rows = await customerLtvRows(duck, createCustomerTable);
    const [{n}] = await duck.query<{n: number}>("SELECT count(DISTINCT p.clnt_id)::INTEGER AS n FROM product p JOIN session s USING (clnt_id, sess_id)");
    expect(rows).toHaveLength(n);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual([...LTV_COLUMNS]);
      expect([r.p_alive, r.expected_purchases, r.expected_spend, r.clv, r.reason]).toEqual([null, null, null, null, ""]);
      expect(r.frequency).toBeGreaterThanOrEqual(0);
    }
    const customers = await duck.query<{p_alive: number | null; clv: number | null}>("SELECT p_alive, clv FROM customers");
    expect(customers.every((c) => c.p_alive === null && c.clv === null)).toBe(true);
  });
});
