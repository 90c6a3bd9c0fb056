// The files' reads on several connections to one database at once. One file's read leaves a core idle
// in its single-threaded steps (commits, duplicate updates, counts); another file's read fills it.
import type {Duck} from "../duck.js";

export interface LaneOptions<T extends string> {
  /** every task, in the order their errors take precedence (the order a one-connection run would take) */
  order: readonly T[];
  /** the tasks a task reads the results of: it starts once they are done (each earlier in `order`) */
  after?: Partial<Record<T, readonly T[]>>;
  /** a task's size (a file's bytes): the longest chain of work left starts first */
  weight?: (task: T) => number;
  /**
   * The cores the lanes share (none given: DuckDB's threads are left as they are). Each running statement
   * works on its connection's thread plus DuckDB's workers, so with every lane at work the workers would
   * make more threads than cores: DuckDB's threads are set to the cores less the lanes at work, plus one,
   * and raised again when a lane runs out of tasks.
   */
  cores?: number;
}

/** Each task's weight plus the heaviest chain of tasks that wait on it. */
export function chainWeights<T extends string>(order: readonly T[], after: Partial<Record<T, readonly T[]>>, weight: (task: T) => number): Map<T, number> {
  const chain = new Map<T, number>();
  for (const task of [...order].reverse()) {
    const waiting = order.filter((t) => after[t]?.includes(task)).map((t) => chain.get(t) ?? 0);
    chain.set(task, weight(task) + Math.max(0, ...waiting));
  }
  return chain;
}

/**
 * `run` on every task of `order`, on `lanes` (connections to one database: the first given, the others
 * forked from it and closed at the end), each lane taking the ready task with the heaviest chain left.
 * A failed task stops every task after it in `order` (a running statement interrupted, no later one
 * started); those before it run on. The error thrown is that of the first failed task in `order`:
 * the one a run on one connection in that order reports, whatever the timing.
 */
export async function runInLanes<T extends string>(duck: Duck, lanes: number, run: (lane: Duck, task: T) => Promise<void>, {order, after = {}, weight = () => 1, cores}: LaneOptions<T>): Promise<void> {
  if (!Number.isInteger(lanes) || lanes < 1) throw new Error(`invalid number of lanes: ${JSON.stringify(lanes)}`);
  if (cores !== undefined && !(Number.isInteger(cores) && cores >= 1)) throw new Error(`invalid number of cores: ${JSON.stringify(cores)}`);
  const rank = new Map(order.map((t, i) => [t, i]));
  for (const task of order)
    for (const before of after[task] ?? [])
      if (!((rank.get(before) ?? Infinity) < rank.get(task)!)) throw new Error(`task ${JSON.stringify(task)} waits on ${JSON.stringify(before)}, which is not before it`);
  const chain = chainWeights(order, after, weight);
  const pending = new Set(order);
  const done = new Set<T>();
  const failures = new Map<T, unknown>();
  // a task is stopped once a task before it has failed
  let firstFailed = Infinity;
  const stopped = (task: T) => rank.get(task)! > firstFailed;
  let wake: () => void = () => {};
  let changed = new Promise<void>((r) => (wake = r));
  const notify = () => {
    wake();
    changed = new Promise<void>((r) => (wake = r));
  };
  const forks = await Promise.all(Array.from({length: lanes - 1}, () => duck.fork()));
  const connections = [duck, ...forks];
  const running = new Map<Duck, T>();
  // DuckDB's threads, set from a connection of their own (the lanes' may be in a statement); one SET at a time
  const control = cores === undefined ? null : await duck.fork();
  const [{threads: initialThreads}] = control ? await control.query<{threads: number}>("SELECT current_setting('threads')::INTEGER AS threads") : [{threads: 0}];
  let threadsSet = initialThreads;
  let setting = Promise.resolve();
  const setThreads = (n: number) => {
    if (!control || n === threadsSet) return;
    threadsSet = n;
    setting = setting.then(() => control.run(`SET threads = ${n}`)).catch(() => undefined);
  };
  const share = () => cores !== undefined && setThreads(Math.max(1, Math.min(cores, cores - running.size + 1)));

  async function lane(connection: Duck): Promise<void> {
    const check = (sql: string) => {
      const task = running.get(connection);
      // a stopped task may still roll its transaction back
      if (task !== undefined && stopped(task) && !/^\s*ROLLBACK\b/i.test(sql)) throw new Error(`stopped: an earlier task failed`);
    };
    const guarded: Duck = {
      ...connection,
      run: async (sql, params) => (check(sql), connection.run(sql, params)),
      query: async (sql, params) => (check(sql), connection.query(sql, params))
    };
    for (;;) {
      for (const t of [...pending]) if (stopped(t)) pending.delete(t);
      const ready = [...pending].filter((t) => (after[t] ?? []).every((b) => done.has(b)));
      if (!ready.length) {
        share();
        if (!pending.size) return;
        await changed;
        continue;
      }
      const task = ready.reduce((a, b) => (chain.get(b)! > chain.get(a)! || (chain.get(b) === chain.get(a) && rank.get(b)! < rank.get(a)!) ? b : a));
      pending.delete(task);
      running.set(connection, task);
      share();
      try {
        await run(guarded, task);
        done.add(task);
      } catch (e) {
        failures.set(task, e);
        if (rank.get(task)! < firstFailed) {
          firstFailed = rank.get(task)!;
          for (const [other, t] of running) if (other !== connection && stopped(t)) other.connection.interrupt();
        }
      } finally {
        running.delete(connection);
        notify();
      }
    }
  }

  try {
    await Promise.all(connections.map(lane));
  } finally {
    if (control) {
      setThreads(initialThreads);
      await setting;
      control.close();
    }
    for (const f of forks) f.close();
  }
  if (Number.isFinite(firstFailed)) throw failures.get(order[firstFailed]);
}
