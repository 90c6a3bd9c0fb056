import {createReadStream, existsSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import {extname, join, normalize, resolve} from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".parquet": "application/octet-stream",
  ".arrow": "application/vnd.apache.arrow.file", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml",
  ".png": "image/png", ".txt": "text/plain; charset=utf-8", ".map": "application/json"
};

/** Serve a built Framework site on 127.0.0.1 with clean URLs (/value → value.html). */
export function serveDist(root = "dist", port = 0): Promise<{server: Server; url: string}> {
  const base = resolve(root);
  if (!existsSync(join(base, "index.html"))) throw new Error(`no built site in ${base}: run npm run build first`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    else if (!existsSync(file) && existsSync(`${file}.html`)) file += ".html";
    if (!existsSync(file)) return void res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": statSync(file).size, "cache-control": "no-store"});
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      ok({server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`});
    })
  );
}
