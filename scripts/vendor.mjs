// Bundles the packages Framework's node-import bundler breaks (arquero, tfjs, CommonJS-only d3-cloud, qrcode, jsbarcode, jsqr) into
// docs/vendor/ with esbuild, which honours the `browser` field and CommonJS interop.
import {build} from "esbuild";
import {mkdirSync, writeFileSync} from "node:fs";

const out = "docs/vendor";
mkdirSync(out, {recursive: true});
const common = {bundle: true, format: "esm", platform: "browser", target: "es2022", minify: true, legalComments: "none", logLevel: "warning"};
const entries = {
  "arquero.js": `export * from "arquero";`,
  "tfjs.js": `export * from "@tensorflow/tfjs";\nexport {setWasmPaths, getThreadsCount, setThreadsCount} from "@tensorflow/tfjs-backend-wasm";\n`,
  "d3-cloud.js": `import cloud from "d3-cloud";\nexport default cloud;\n`,
  "htl.js": `export * from "htl";`,
  "qrcode.js": `export {toString, toCanvas, toDataURL} from "qrcode";`,
  "jsbarcode.js": `import JsBarcode from "jsbarcode";\nexport default JsBarcode;\n`,
  "jsqr.js": `import jsQR from "jsqr";\nexport default jsQR;\n`
};
await Promise.all(
  Object.entries(entries).map(([file, contents]) =>
    build({...common, stdin: {contents, resolveDir: process.cwd()}, outfile: `${out}/${file}`})
  )
);
writeFileSync(`${out}/tfjs.d.ts`, `export * from "@tensorflow/tfjs";\nexport {setWasmPaths, getThreadsCount, setThreadsCount} from "@tensorflow/tfjs-backend-wasm";\n`);
writeFileSync(`${out}/arquero.d.ts`, `export * from "arquero";\n`);
console.error(`vendored ${Object.keys(entries).join(", ")} into ${out}/`);
