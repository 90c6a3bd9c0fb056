import type {BrowserContext} from "playwright-core";
import {chromiumPath, launch} from "../test/browser/harness.js";
import {serveDist} from "../test/browser/serve.js";

/** Serve a built site, open Chromium, run `f` on it, and close both whatever happens. */
export async function onBuiltSite<T>(dist: string, f: (context: BrowserContext, url: string) => Promise<T>): Promise<T> {
  const executable = chromiumPath();
  if (!executable) throw new Error("Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)");
  const {server, url} = await serveDist(dist);
  const context = await launch(executable);
  try {
    return await f(context, url);
  } finally {
    await context.close();
    server.close();
  }
}
