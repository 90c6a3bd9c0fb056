import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/vendor.ts"],
    exclude: ["test/browser/**"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    env: {TZ: "Asia/Seoul"}
  }
});
