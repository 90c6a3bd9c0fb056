// One tfjs for every page: the esbuild-vendored bundle (Framework's bundler breaks tfjs), wasm
// backend with self-hosted .wasm files, cpu as the fallback.
import * as tf from "../vendor/tfjs.js";
import {setWasmPaths} from "../vendor/tfjs.js";

setWasmPaths({
  "tfjs-backend-wasm.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
  "tfjs-backend-wasm-simd.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"),
  "tfjs-backend-wasm-threaded-simd.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm")
});

let ready: Promise<string> | null = null;

/** Initialise tfjs once; resolves to the backend in use ("wasm", else "cpu"). `?backend=cpu` forces cpu. */
export function initTf(preferred: "wasm" | "cpu" = "wasm"): Promise<string> {
  return (ready ??= (async () => {
    const forced = new URLSearchParams(location.search).get("backend");
    const want = forced === "cpu" || forced === "wasm" ? forced : preferred;
    try {
      if (!(await tf.setBackend(want))) throw new Error(`backend ${want} unavailable`);
    } catch (error) {
      console.warn(`tfjs: ${want} backend failed (${(error as Error).message}); using cpu`);
      await tf.setBackend("cpu");
    }
    await tf.ready();
    return tf.getBackend();
  })());
}

export {tf};
