export * from "./ranking.js";
export * from "./sql.js";
