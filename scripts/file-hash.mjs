// A data file's content hash, remembered by its stamp. The loader cache keys (scripts/loader-cache.mjs)
// and the warehouse key (loaders/warehouse/key.ts) both hash the data files: through one stamp folder,
// a file is read once after each change rather than once by each, and a build whose data did not change
// reads none (a gigabyte at competition size).
import {createHash} from "node:crypto";
import {createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";

export const FILE_HASH = "blake2b512";
const CHUNK_BYTES = 1 << 20;

/** The folder of `<cache>` where the stamps live. */
export const stampFolder = (cacheDir) => join(resolve(cacheDir), "hashes");

/**
 * The hash of `path`'s contents; with `stampDir`, remembered per (size, mtime, ctime, inode, device) like
 * git's index: ctime cannot be set back by tools, so an edit with size and mtime restored is still seen.
 */
export async function hashFile(path, stampDir) {
  const st = statSync(path, {bigint: true});
  const stamp = `${FILE_HASH} ${st.size} ${st.mtimeNs} ${st.ctimeNs} ${st.ino} ${st.dev}`;
  const stampFile = stampDir ? join(stampDir, `${createHash("sha256").update(resolve(path)).digest("hex").slice(0, 24)}.json`) : null;
  if (stampFile && existsSync(stampFile)) {
    try {
      const saved = JSON.parse(readFileSync(stampFile, "utf8"));
      if (saved.stamp === stamp && typeof saved.hash === "string") return saved.hash;
    } catch {
      // a torn or foreign stamp file: hash again
    }
  }
  const hash = createHash(FILE_HASH);
  for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES})) hash.update(chunk);
  const digest = hash.digest("hex");
  if (stampFile) {
    mkdirSync(stampDir, {recursive: true});
    const tmp = `${stampFile}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({path: resolve(path), stamp, hash: digest}));
    renameSync(tmp, stampFile);
  }
  return digest;
}
