export * from "./rules.js";
export * from "./base.js";
export * from "./cube.js";
export * from "./sql.js";
export * from "./bind.js";
export * from "./prefix.js";
