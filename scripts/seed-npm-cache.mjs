// Framework's client bundle resolves the versions of its "recommended libraries" on the npm
// registry at build time even when no page uses them; empty cache folders make it skip the lookups.
import {existsSync, mkdirSync, readFileSync} from "node:fs";

const names = ["react-dom", "@observablehq/sample-datasets", "lodash", "arquero", "apache-arrow", "d3", "echarts", "htl",
  "leaflet", "mapbox-gl", "@observablehq/plot", "react", "topojson-client", "d3-dsv", "parquet-wasm"];
for (const name of names) {
  const pkg = `node_modules/${name}/package.json`;
  const version = existsSync(pkg) ? JSON.parse(readFileSync(pkg, "utf8")).version : "0.0.0";
  mkdirSync(`docs/.observablehq/cache/_npm/${name}@${version}`, {recursive: true});
}
