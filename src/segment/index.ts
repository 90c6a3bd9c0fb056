export * from "./types.js";
export * from "./compute.js";
export * from "./sql.js";
