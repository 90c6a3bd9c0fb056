export * from "./playbooks.js";
export * from "./sql.js";
