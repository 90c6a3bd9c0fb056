import {createReadStream, existsSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import {extname, join, normalize, resolve} from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".parquet": "application/octet-stream",
  ".arrow": "application/vnd.apache.arrow.file", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml",
  ".png": "image/png", ".txt": "text/plain; charset=utf-8", ".map": "application/json"
};

/**
 * The byte range a `Range` header asks of a file of `size` bytes (RFC 9110 §14): `{start, end}`
 * (inclusive) for one satisfiable range, "unsatisfiable" (416), or null to send the whole file (no
 * header, another unit, several ranges or a malformed one: a server may ignore those).
 */
export function parseRange(header: string | undefined, size: number): {start: number; end: number} | "unsatisfiable" | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return {start: Math.max(0, size - suffix), end: size - 1};
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return null;
  if (start >= size) return "unsatisfiable";
  return {start, end};
}

/**
 * Serve a built Framework site on 127.0.0.1 with clean URLs (/value → value.html), HEAD and single byte
 * ranges; with `ranges: false`, as a server that ignores Range (every GET answers the whole file).
 */
export function serveDist(root = "dist", port = 0, {ranges = true}: {ranges?: boolean} = {}): Promise<{server: Server; url: string}> {
  const base = resolve(root);
  if (!existsSync(join(base, "index.html"))) throw new Error(`no built site in ${base}: run npm run build first`);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, {allow: "GET, HEAD"}).end();
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    else if (!existsSync(file) && existsSync(`${file}.html`)) file += ".html";
    if (!existsSync(file)) return void res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    const size = statSync(file).size;
    const headers = {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...(ranges ? {"accept-ranges": "bytes"} : {})};
    const range = ranges ? parseRange(req.headers.range, size) : null;
    if (range === "unsatisfiable") return void res.writeHead(416, {...headers, "content-range": `bytes */${size}`}).end();
    if (range) {
      res.writeHead(206, {...headers, "content-range": `bytes ${range.start}-${range.end}/${size}`, "content-length": range.end - range.start + 1});
      if (req.method === "HEAD") return void res.end();
      return void createReadStream(file, {start: range.start, end: range.end}).pipe(res);
    }
    res.writeHead(200, {...headers, "content-length": size});
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      ok({server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`});
    })
  );
}
