// One builder per data version across processes (Framework runs each data loader as its own process).
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import {basename, join} from "node:path";
import {stderrLog} from "./common.js";

export interface LockOptions {
  log?: (m: string) => void;
  /** A lock whose owner has not refreshed it for this long (or whose pid is gone) is stale. */
  staleMs?: number;
  timeoutMs?: number;
  pollMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  started: string;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove the entries of `dir` whose name `pattern` matches with the id (group 1) of a process that is gone. */
export function removeDeadEntries(dir: string, pattern: RegExp): void {
  for (const name of readdirSync(dir)) {
    const m = pattern.exec(name);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, name), {recursive: true, force: true});
  }
}

function readOwner(lockDir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(lockDir, "owner.json"), "utf8")) as Owner;
  } catch {
    return null;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isStale(lockDir: string, staleMs: number): boolean {
  const owner = readOwner(lockDir);
  if (!owner) return existsSync(lockDir) && ageMs(lockDir) > staleMs;
  if (owner.host === hostname() && !alive(owner.pid)) return true;
  return ageMs(join(lockDir, "owner.json")) > staleMs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run fn while holding a cross-process lock (an atomic mkdir). The owner refreshes owner.json as a
 * heartbeat; a lock whose pid is gone or whose heartbeat stopped is broken by one waiter at a time
 * (a second mkdir'd "steal" directory), so a killed builder never blocks the others forever.
 */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, {log = stderrLog, staleMs = 60_000, timeoutMs = 60 * 60_000, pollMs = 200}: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (isStale(lockDir, staleMs)) {
      const steal = `${lockDir}.steal`;
      try {
        mkdirSync(steal);
        try {
          if (isStale(lockDir, staleMs)) {
            log(`lock: breaking stale lock ${lockDir} (owner ${JSON.stringify(readOwner(lockDir))})`);
            rmSync(lockDir, {recursive: true, force: true});
          }
        } finally {
          rmSync(steal, {recursive: true, force: true});
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        if (ageMs(steal) > staleMs) rmSync(steal, {recursive: true, force: true});
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${lockDir} (held by ${JSON.stringify(readOwner(lockDir))})`);
    if (!told) {
      const owner = readOwner(lockDir);
      log(`lock: waiting for ${owner ? `pid ${owner.pid}` : "another process"} (${basename(lockDir)})`);
      told = true;
    }
    await sleep(pollMs);
  }
  const ownerFile = join(lockDir, "owner.json");
  writeFileSync(ownerFile, JSON.stringify({pid: process.pid, host: hostname(), started: new Date().toISOString()} satisfies Owner));
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(ownerFile, now, now);
    } catch {
      // The lock was broken by someone who judged it stale; fn's result is still written atomically.
    }
  }, Math.max(50, Math.floor(staleMs / 4)));
  beat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(beat);
    rmSync(lockDir, {recursive: true, force: true});
  }
}
