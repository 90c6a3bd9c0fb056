// runInLanes: tasks on several connections to one database, each after the tasks it waits on, the
// heaviest chain first; a failure stops the tasks after it and the first failure in order is thrown.
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../../loaders/duck.js";
import {chainWeights, runInLanes} from "../../../loaders/warehouse/lanes.js";

let duck: Duck;
beforeEach(async () => {
  duck = await openDuck(":memory:", {threads: 2});
});
afterEach(() => duck.close());

const ORDER = ["master", "session", "custom", "product", "search1", "search2"] as const;
type File = (typeof ORDER)[number];
const AFTER = {product: ["master", "session"], search1: ["session"]} as const;

/** A promise with its resolver, to hold a task until another one lets it go. */
function gate(): {open: () => void; opened: Promise<void>} {
  let open = () => {};
  const opened = new Promise<void>((r) => (open = r));
  return {open, opened};
}

describe("chainWeights", () => {
  it("adds to each task the heaviest chain of tasks that wait on it", () => {
    const bytes: Record<File, number> = {master: 82, session: 172, custom: 9, product: 350, search1: 106, search2: 252};
    const chain = chainWeights(ORDER, AFTER, (f) => bytes[f]);
    expect(Object.fromEntries(chain)).toEqual({master: 432, session: 522, custom: 9, product: 350, search1: 106, search2: 252});
  });
});

describe("runInLanes", () => {
  it("runs every task once, each after the ones it waits on, the heaviest chain first", async () => {
    const events: string[] = [];
    const weight: Record<File, number> = {master: 1, session: 3, custom: 1, product: 5, search1: 1, search2: 4};
    await runInLanes(duck, 2, async (lane, f) => {
      events.push(`start ${f}`);
      await lane.run(`CREATE TABLE ${f} AS SELECT 1 AS x`);
      events.push(`end ${f}`);
    }, {order: ORDER, after: AFTER, weight: (f) => weight[f]});
    for (const f of ORDER) expect(events.filter((e) => e === `start ${f}`)).toHaveLength(1);
    for (const [f, before] of Object.entries(AFTER)) for (const b of before) expect(events.indexOf(`end ${b}`)).toBeLessThan(events.indexOf(`start ${f}`));
    // session (3 + 5) and master (1 + 5) lead; search2 (4) before custom and search1
    expect(events.slice(0, 2).sort()).toEqual(["start master", "start session"]);
    const tables = await duck.query<{n: string}>("SELECT table_name AS n FROM duckdb_tables() ORDER BY 1");
    expect(tables.map((t) => t.n)).toEqual([...ORDER].sort());
  });

  it("runs two ready tasks at once on two lanes, and one after the other on one", async () => {
    // master waits until session has started: on one lane (session first, the heavier) that cannot finish first
    const run = async (lanes: number) => {
      const sessionStarted = gate();
      const ends: string[] = [];
      await runInLanes(duck, lanes, async (lane, f) => {
        if (f === "session") sessionStarted.open();
        if (f === "master") await sessionStarted.opened;
        await lane.query("SELECT 1");
        ends.push(f);
      }, {order: ["master", "session"] as const, weight: (f) => (f === "master" ? 2 : 1)});
      return ends;
    };
    expect((await run(2)).sort()).toEqual(["master", "session"]);
    await expect(Promise.race([run(1), new Promise((r) => setTimeout(() => r("stuck"), 500))])).resolves.toBe("stuck");
  });

  it("throws the first failure in order, whichever failed first", async () => {
    const ran: string[] = [];
    const masterMayFail = gate();
    const promise = runInLanes(duck, 2, async (lane, f) => {
      ran.push(f);
      if (f === "search2") {
        masterMayFail.open();
        throw new Error("search2 is bad");
      }
      if (f === "master") {
        await masterMayFail.opened;
        await lane.run("SELECT 1");
        throw new Error("master is bad");
      }
    }, {order: ["master", "search2"] as const, weight: (f) => (f === "master" ? 2 : 1)});
    await expect(promise).rejects.toThrow("master is bad");
    expect(ran).toEqual(["master", "search2"]);
  });

  it("lets the tasks before a failure finish, and reports the failure when they succeed", async () => {
    const finished: string[] = [];
    const promise = runInLanes(duck, 2, async (lane, f) => {
      if (f === "search2") throw new Error("search2 is bad");
      await lane.query("SELECT count(*) FROM range(2000000)");
      finished.push(f);
    }, {order: ["master", "session", "product", "search2"] as const, after: {product: ["master", "session"]}});
    await expect(promise).rejects.toThrow("search2 is bad");
    expect(finished.sort()).toEqual(["master", "product", "session"]);
  });

  it("stops the tasks after a failure: a running statement is interrupted and no later task starts", async () => {
    const started: string[] = [];
    const t0 = performance.now();
    const promise = runInLanes(duck, 2, async (lane, f) => {
      started.push(f);
      if (f === "session") {
        // minutes of work unless interrupted
        await lane.query("SELECT count(*) FROM range(100000000000) a WHERE hash(a.range) = 0");
        await lane.run("CREATE TABLE never AS SELECT 1");
      }
      if (f === "master") {
        await lane.query("SELECT 1");
        throw new Error("master is bad");
      }
    }, {order: ["master", "session", "product", "search1"] as const, after: {product: ["master", "session"], search1: ["session"]}, weight: (f) => (f === "session" ? 9 : 1)});
    await expect(promise).rejects.toThrow("master is bad");
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(started.sort()).toEqual(["master", "session"]);
    expect(await duck.query("SELECT * FROM duckdb_tables() WHERE table_name = 'never'")).toEqual([]);
  });

  it("refuses a task that waits on a task after it, and a bad number of lanes", async () => {
    await expect(runInLanes(duck, 2, async () => {}, {order: ["product", "master"] as const, after: {product: ["master"]}})).rejects.toThrow(/"product" waits on "master"/);
    await expect(runInLanes(duck, 0, async () => {}, {order: ["master"] as const})).rejects.toThrow(/invalid number of lanes: 0/);
    await expect(runInLanes(duck, 2, async () => {}, {order: ["master"] as const, cores: 0})).rejects.toThrow(/invalid number of cores: 0/);
  });

  it("shares the cores: DuckDB's threads are the cores less the lanes at work plus one, and as before after the last task", async () => {
    await duck.run("SET threads = 3");
    const threads = async (lane: Duck) => (await lane.query<{n: number}>("SELECT current_setting('threads')::INTEGER AS n"))[0].n;
    // the count is set from another connection: a task waits (up to 5 s) until it sees `want`
    const settled = async (lane: Duck, want: number) => {
      for (let i = 0; i < 500 && (await threads(lane)) !== want; i++) await new Promise((r) => setTimeout(r, 10));
      return threads(lane);
    };
    const both = {master: gate(), session: gate()};
    const read = {master: gate(), session: gate()};
    const seen: Partial<Record<File, number>> = {};
    await runInLanes(duck, 2, async (lane, f) => {
      if (f === "master" || f === "session") {
        both[f].open();
        await Promise.all([both.master.opened, both.session.opened]);
        seen[f] = await settled(lane, 1);
        // neither ends before the other has read the count: the lane left idle raises it
        read[f].open();
        await Promise.all([read.master.opened, read.session.opened]);
        return;
      }
      seen[f] = await settled(lane, 2);
    }, {order: ["master", "session", "product"] as const, after: {product: ["master", "session"]}, cores: 2});
    // two lanes at work on two cores: one thread each, no worker; one lane alone: both cores
    expect(seen).toEqual({master: 1, session: 1, product: 2});
    expect(await threads(duck)).toBe(3);
  });
});
