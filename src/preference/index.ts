export * from "./ranking.js";
export * from "./sql.js";
export * from "./table.js";
export * from "./top.js";
