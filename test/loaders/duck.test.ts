// openDuck takes its memory limit from the option, else from LPOINT_DUCKDB_MEMORY (the loader runner's
// share per loader), and names a malformed value.
import {afterEach, describe, expect, it} from "vitest";
import {openDuck} from "../../loaders/duck.js";

const limit = async (o: Parameters<typeof openDuck>[1] = {}) => {
  const duck = await openDuck(":memory:", o);
  try {
    const [{v}] = await duck.query<{v: string}>("SELECT current_setting('memory_limit') AS v");
    return v;
  } finally {
    duck.close();
  }
};

describe("openDuck memory limit", () => {
  const before = process.env.LPOINT_DUCKDB_MEMORY;
  afterEach(() => {
    if (before === undefined) delete process.env.LPOINT_DUCKDB_MEMORY;
    else process.env.LPOINT_DUCKDB_MEMORY = before;
  });

  it("uses the loader runner's share, unless the caller gives one", async () => {
    delete process.env.LPOINT_DUCKDB_MEMORY;
    const unset = await limit();
    process.env.LPOINT_DUCKDB_MEMORY = "700MB";
    const shared = await limit();
    expect(shared).not.toBe(unset);
    expect(shared).toBe("667.5 MiB");
    expect(await limit({memoryLimit: "1GB"})).toBe("953.6 MiB");
  });

  it("names a malformed limit", async () => {
    process.env.LPOINT_DUCKDB_MEMORY = "lots";
    await expect(limit()).rejects.toThrow('invalid DuckDB memory limit "lots"');
  });
});
