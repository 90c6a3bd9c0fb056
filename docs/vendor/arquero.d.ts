export * from "arquero";
