import {readFileSync} from "node:fs";
import {buildDate, dataSourceLabel, dataSourceText} from "./loaders/site-info.js";

const a11yInputs = readFileSync(new URL("./docs/assets/a11y-inputs.js", import.meta.url), "utf8");

const source = dataSourceLabel();
// The folder name is data: escaped before it goes into the footer's HTML.
const sourceText = dataSourceText().replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default {
  root: "docs",
  title: "L.POINT 행동 데이터 · Personalised marketing report",
  pages: [
    {name: "Overview · 개요", path: "/"},
    {name: "Data quality · 데이터 품질", path: "/data-quality"},
    {name: "Behaviour segments · 행동 유형", path: "/segments"},
    {name: "Customer value · 333 등급", path: "/value"},
    // CLV: lifetime value page
    {name: "Lifetime value · 고객 생애 가치", path: "/clv"},
    {name: "Demand forecast · 수요 예측", path: "/forecast"},
    {name: "Preference index · 선호 지수", path: "/preference"},
    {name: "Customer profile · 고객 프로파일", path: "/profile"},
    {name: "Real Smart Store · 리얼 스마트 스토어", path: "/store"},
    {name: "Methods · 데이터와 방법", path: "/methods"}
  ],
  // Local stylesheets only: the default theme would fetch Source Serif from Google Fonts.
  globalStylesheets: ["observablehq:stdlib/inputs.css"],
  style: "style.css",
  // The skip link goes first in the body, before the sidebar's links, so a keyboard reader can jump to the page.
  head: `<link rel="icon" href="data:,"><meta name="lpoint-data-source" content="${source}"><script>document.addEventListener("DOMContentLoaded",()=>{const a=document.createElement("a");a.className="skip-link";a.href="#observablehq-main";a.textContent="Skip to content";document.body.prepend(a)})</script><script>${a11yInputs}</script>`,
  header: `<span class="site-source site-source--${source}">${source === "real" ? "Your data" : "Synthetic data"}</span>`,
  footer: `Built ${buildDate()} from ${sourceText}. Method after the 5th L.POINT Big Data Competition report (2019). Charts: Observable Plot, d3; engines: DuckDB, TensorFlow.js.`,
  search: false,
  // null = do not self-host: the build would download them from extensions.duckdb.org.
  duckdb: {extensions: {json: null, parquet: null}},
  typographer: false
};
