/** The planted truths of truth.json are recovered from the generated demo files. */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {REPORT_CATEGORIES, KNOWN_CATEGORIES} from "../../src/categories.js";
import {MAIN_GROUPS, modalPatterns} from "../../src/synth/behaviour.js";
import type {TwinTruth} from "../../src/synth/twin.js";
import {cachedTwin, openTwin, weekdayIndex} from "./fixture.js";

let truth: TwinTruth;
let duck: Duck;

/** The modal patterns the report publishes (Methods page: behaviour segments). */
const PUBLISHED: Record<string, string[]> = {
  "여성의류": ["1101"], "패션잡화": ["1101"], "스포츠패션": ["1101", "1111"], "건강식품": ["1111"],
  "화장품/뷰티케어": ["0011"], "남성의류": ["0000"], "속옷/양말/홈웨어": ["0000"], "유아동의류": ["0000", "0010"],
  "출산/육아용품": ["0000"], "퍼스널케어": ["0010"]
};

beforeAll(async () => {
  const twin = await cachedTwin("demo", 20180401);
  truth = twin.truth;
  duck = await openTwin(twin.dir);
  // corrected lines without the HITS_SEQ = 1 rows, as the warehouse reads them
  const quirk = truth.prices.thousandsQuirk.products.map((p) => p.pdC);
  await duck.run(`CREATE TABLE line AS SELECT p.clnt_id, p.sess_id, s.sess_dt, m.clac1_nm,
      p.pd_buy_am * (CASE WHEN p.pd_c IN (${quirk.join(",")}) THEN 1000 ELSE 1 END) AS price, p.pd_buy_ct AS qty,
      s.tot_sess_hr_v, s.tot_pag_view_ct
    FROM product p JOIN session s USING (clnt_id, sess_id) JOIN master m USING (pd_c) WHERE p.hits_seq <> 1`);
  await duck.run(`CREATE TABLE searches AS SELECT clnt_id, sess_id, sum(search_cnt) AS searches FROM search1 GROUP BY ALL`);
  await duck.run(`CREATE TABLE members AS SELECT clnt_id, age::VARCHAR || gender AS grp FROM custom`);
});
afterAll(() => duck?.close());

describe("truth.json", () => {
  it("records every planted truth for all 37 categories", () => {
    const names = KNOWN_CATEGORIES.map((c) => c.name);
    expect(truth.schema).toBe("lpoint-twin-truth/1");
    expect(Object.keys(truth.weekdayMultipliers).sort()).toEqual([...names].sort());
    for (const name of names) {
      const w = truth.weekdayMultipliers[name];
      expect(w).toHaveLength(7);
      expect(w.reduce((a, b) => a + b, 0) / 7).toBeCloseTo(1, 4);
      expect(truth.demandEffects[name]).toMatchObject({tempCoef: expect.any(Number), rainCoef: expect.any(Number), holidayMultipliers: expect.any(Object)});
      expect(Object.keys(truth.behaviour.patterns[name]).sort()).toEqual([...MAIN_GROUPS].sort());
    }
    expect(truth.behaviour.groups).toEqual(MAIN_GROUPS);
    expect(truth.behaviour.bitOrder).toEqual(["TOT_SESS_HR_V", "TOT_PAG_VIEW_CT", "SEARCH_CNT", "PD_BUY_AM"]);
    for (const [name, modal] of Object.entries(PUBLISHED)) expect(truth.behaviour.modal[name], name).toEqual(modal);
    const a = truth.customers.archetypes;
    expect(a.oneTime + a.repeatLong + a.repeatShort + a.heavy).toBe(truth.counts.purchasingClients);
    // demand effects of the kind the brief names
    expect(truth.demandEffects["시즌스포츠"].tempCoef).toBeGreaterThan(0.1);
    expect(truth.demandEffects["계절가전"].tempCoef).toBeGreaterThan(0.1);
    expect(truth.demandEffects["여성의류"].rainCoef).toBeLessThan(0);
    expect(truth.demandEffects["건강식품"].holidayMultipliers["2018-09-10"]).toBeGreaterThan(1);
  });

  it("the modal patterns follow from the per-group patterns", () => {
    for (const name of Object.keys(truth.behaviour.patterns)) {
      expect(truth.behaviour.modal[name]).toEqual(modalPatterns(MAIN_GROUPS.map((g) => truth.behaviour.patterns[name][g])));
    }
  });
});

describe("weekday multipliers (planted truth 1)", () => {
  it("a seasonal decomposition of daily revenue recovers them within 2% for the 11 report categories", async () => {
    const rows = await duck.query<{clac1_nm: string; d: string; revenue: number}>(
      `SELECT clac1_nm, strftime(sess_dt, '%Y-%m-%d') AS d, sum(price * qty) AS revenue FROM line GROUP BY ALL ORDER BY 2`
    );
    const dates = [...new Set(rows.map((r) => r.d))].sort();
    expect(dates).toHaveLength(183);
    const weekdays = dates.map((d) => new Date(`${d}T00:00:00Z`).getUTCDay());
    const errors: string[] = [];
    for (const name of REPORT_CATEGORIES) {
      const byDate = new Map(rows.filter((r) => r.clac1_nm === name).map((r) => [r.d, r.revenue]));
      const index = weekdayIndex(dates.map((d) => byDate.get(d) ?? 0), weekdays);
      const planted = truth.weekdayMultipliers[name];
      index.forEach((v, k) => {
        const err = Math.abs(v / planted[k] - 1);
        if (err >= 0.02) errors.push(`${name} weekday ${k}: ${v.toFixed(4)} vs ${planted[k]}`);
      });
    }
    expect(errors).toEqual([]);
  });
});

describe("behaviour patterns (planted truth 2)", () => {
  let cells: Array<{grp: string; clac1_nm: string; n: number; bits: string}>;

  beforeAll(async () => {
    const means = (from: string) => `avg(tot_sess_hr_v) AS t, avg(tot_pag_view_ct) AS pv, avg(coalesce(searches, 0)) AS sc, avg(price) AS am FROM ${from}`;
    const rows = await duck.query<{grp: string; clac1_nm: string; n: number; rt: number; rp: number; rs: number; ra: number}>(`
      WITH l AS (SELECT * FROM line JOIN members USING (clnt_id) LEFT JOIN searches USING (clnt_id, sess_id)),
      g AS (SELECT grp, ${means("l GROUP BY grp")}),
      c AS (SELECT grp, clac1_nm, count(*) AS n, ${means("l GROUP BY grp, clac1_nm")})
      SELECT grp, clac1_nm, n, c.t / g.t AS rt, c.pv / g.pv AS rp, c.sc / g.sc AS rs, c.am / g.am AS ra FROM c JOIN g USING (grp)`);
    cells = rows
      .filter((r) => (MAIN_GROUPS as readonly string[]).includes(r.grp))
      .map((r) => ({grp: r.grp, clac1_nm: r.clac1_nm, n: r.n, bits: [r.rt, r.rp, r.rs, r.ra].map((v) => (v > 1 ? "1" : "0")).join("")}));
  });

  it("the 7 main groups are the 7 largest groups among purchasing members", async () => {
    const top = await duck.query<{grp: string}>(`SELECT grp FROM members WHERE clnt_id IN (SELECT clnt_id FROM line) GROUP BY grp ORDER BY count(*) DESC LIMIT 7`);
    expect(top.map((r) => r.grp).sort()).toEqual([...MAIN_GROUPS].sort());
  });

  it("recovers the modal pattern of each of the 11 report categories", () => {
    for (const name of REPORT_CATEGORIES) {
      const patterns = MAIN_GROUPS.map((g) => cells.find((c) => c.grp === g && c.clac1_nm === name)!.bits);
      expect(modalPatterns(patterns), name).toEqual(truth.behaviour.modal[name]);
    }
  });

  it("recovers nearly every group's planted bits in the report categories", () => {
    const misses = REPORT_CATEGORIES.flatMap((name) => MAIN_GROUPS.flatMap((g) => {
      const cell = cells.find((c) => c.grp === g && c.clac1_nm === name)!;
      const planted = truth.behaviour.patterns[name][g];
      return cell.bits === planted ? [] : [`${g} ${name}: ${cell.bits} (planted ${planted}, ${cell.n} lines)`];
    }));
    expect(misses.length, misses.join("; ")).toBeLessThanOrEqual(3);
  });
});

describe("customers (planted truth 4)", () => {
  it("truth.json's realized value inputs match the files, and all four value tiers exist", async () => {
    const r = await duck.query<{tier: string; n: number}>(`
      WITH c AS (SELECT clnt_id, count(DISTINCT sess_dt) AS days, min(sess_dt) AS first, max(sess_dt) AS last, sum(price * qty) AS spend FROM line GROUP BY 1),
      s AS (SELECT *, CASE WHEN month(last) >= 8 THEN 3 WHEN month(last) >= 6 THEN 2 ELSE 1 END AS r,
        CASE WHEN days = 1 THEN 1 WHEN date_diff('day', first, last) / (days - 1) <= 15 THEN 3 ELSE 2 END AS f,
        CASE WHEN spend >= 1000000 THEN 3 WHEN spend >= 100000 THEN 2 ELSE 1 END AS m FROM c)
      SELECT CASE WHEN r + f > 4 AND m >= 2 THEN 'star' WHEN m >= 2 THEN 'butterfly' WHEN r + f > 4 THEN 'chickenRib' ELSE 'unmanaged' END AS tier, count(*) AS n
      FROM s GROUP BY 1`);
    const tiers = Object.fromEntries(r.map((x) => [x.tier, x.n]));
    expect(tiers).toEqual(truth.customers.realized.valueTiers);
    for (const t of ["star", "butterfly", "chickenRib", "unmanaged"]) expect(tiers[t], t).toBeGreaterThan(100);
    const {frequency, monetary, shareUnder1m} = truth.customers.realized;
    expect(frequency.oneDay).toBeGreaterThan(0);
    expect(frequency.gapUpTo15).toBeGreaterThan(0);
    expect(frequency.gapOver15).toBeGreaterThan(0);
    expect(monetary.atLeast1m).toBeGreaterThan(0);
    expect(shareUnder1m).toBeGreaterThan(0.93);
    expect(shareUnder1m).toBeLessThan(0.985);
  });

  it("recency spreads over April..September", async () => {
    const r = await duck.query<{mo: number; n: number}>(`SELECT month(last) AS mo, count(*) AS n FROM (SELECT max(sess_dt) AS last FROM line GROUP BY clnt_id) GROUP BY 1 ORDER BY 1`);
    expect(r.map((x) => x.mo)).toEqual([4, 5, 6, 7, 8, 9]);
    const total = r.reduce((s, x) => s + x.n, 0);
    for (const x of r) expect(x.n / total, `month ${x.mo}`).toBeGreaterThan(0.05);
  });
});

describe("planted drop-outs (truth 5)", () => {
  it("record every purchasing client once, by CLNT_ID; a gone client's last purchase is on their drop-out day", async () => {
    const d = truth.customers.dropout;
    expect(d.customers).toHaveLength(truth.counts.purchasingClients);
    expect(d.gone + d.active).toBe(truth.counts.purchasingClients);
    expect(d.customers.filter(([, day]) => day !== null)).toHaveLength(d.gone);
    for (let i = 1; i < d.customers.length; i++) expect(d.customers[i][0]).toBeGreaterThan(d.customers[i - 1][0]);
    const last = new Map((await duck.query<{clnt_id: number; last: string; days: number}>(
      `SELECT clnt_id, strftime(max(sess_dt), '%Y-%m-%d') AS last, count(DISTINCT sess_dt)::INTEGER AS days FROM line GROUP BY clnt_id`
    )).map((r) => [r.clnt_id, r]));
    const mismatches = d.customers.filter(([id, day]) => day !== null && last.get(id)?.last !== day);
    expect(mismatches.slice(0, 5)).toEqual([]);
    const repeat = d.customers.filter(([id]) => (last.get(id)?.days ?? 0) >= 2);
    expect(d.repeatBuyers.customers).toBe(repeat.length);
    expect(d.repeatBuyers.gone).toBe(repeat.filter(([, day]) => day !== null).length);
    // a share the models can find: neither nearly everyone nor nearly no one
    expect(d.repeatBuyers.goneShare).toBeGreaterThan(0.3);
    expect(d.repeatBuyers.goneShare).toBeLessThan(0.9);
    expect(d.repeatBuyers.byArchetype.oneTime.customers).toBe(0);
  });
});
