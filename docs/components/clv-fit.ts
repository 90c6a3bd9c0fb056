// Re-fits for the lifetime-value page: in a Web Worker (components/clv-worker.ts), so the page stays
// responsive while BG/NBD and Gamma-Gamma are fitted; on the page's thread only if no worker can start.
import {fitBgNbd, fitGammaGamma, type BgNbdParams, type GammaGammaParams} from "../lib/clv/index.js";

export interface RfmColumns {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  weight: ArrayLike<number>;
}

export interface SpendColumns {
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  weight: ArrayLike<number>;
}

export interface FitRequest {
  id: number;
  rfm: RfmColumns;
  spend: SpendColumns | null;
}

interface FitSummary<P> {
  params: P;
  converged: boolean;
  iterations: number;
  logLikelihood: number;
  customers: number;
  groups: number;
}

export type FitResponse =
  | {id: number; ok: true; bg: FitSummary<BgNbdParams>; gg: FitSummary<GammaGammaParams> | null; ms: {bg: number; gg: number}}
  | {id: number; ok: false; message: string};

export type FitResult = Extract<FitResponse, {ok: true}> & {
  /** "worker", or "page" when no worker could start */
  where: "worker" | "page";
  /** from the request to the answer, the worker's start and the data's transfer to it included */
  wallMs: number;
};

let worker: Worker | null = null;
let failed = false;
let next = 0;
const pending = new Map<number, {resolve: (r: FitResponse) => void; reject: (e: Error) => void}>();

function start(): Worker | null {
  if (worker || failed) return worker;
  try {
    worker = new Worker(import.meta.resolve("./clv-worker.js"), {type: "module"});
    worker.addEventListener("message", (e: MessageEvent<FitResponse>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      p?.resolve(e.data);
    });
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      failed = true;
      worker = null;
      for (const p of pending.values()) p.reject(new Error(`the fitting worker stopped: ${e.message || "it could not load"}`));
      pending.clear();
    });
  } catch {
    failed = true;
    worker = null;
  }
  return worker;
}

/** Fit BG/NBD (and Gamma-Gamma when `spend` is given) on grouped rows; resolves with the parameters and the times. */
export async function fitModels(rfm: RfmColumns, spend: SpendColumns | null = null): Promise<FitResult> {
  const started = performance.now();
  const w = start();
  if (w) {
    const id = ++next;
    try {
      const response = await new Promise<FitResponse>((resolve, reject) => {
        pending.set(id, {resolve, reject});
        w.postMessage({id, rfm, spend} satisfies FitRequest);
      });
      if (!response.ok) throw new Error(response.message);
      return {...response, where: "worker", wallMs: performance.now() - started};
    } catch (error) {
      if (!failed) throw error;
    }
  }
  // let the page paint its "fitting…" state before the thread is busy
  await new Promise((r) => setTimeout(r, 0));
  return {id: 0, ok: true, ...runFits(rfm, spend), where: "page", wallMs: performance.now() - started};
}

/** Both fits, each timed (in the worker, or on the page's thread as the fallback). */
export function runFits(rfm: RfmColumns, spend: SpendColumns | null): Omit<Extract<FitResponse, {ok: true}>, "id" | "ok"> {
  let t0 = performance.now();
  const bg = fitBgNbd(Array.from(rfm.weight, (weight, i) => ({frequency: rfm.frequency[i], recency: rfm.recency[i], T: rfm.T[i], weight})));
  const bgMs = performance.now() - t0;
  let gg: FitSummary<GammaGammaParams> | null = null;
  let ggMs = 0;
  if (spend) {
    t0 = performance.now();
    const fit = fitGammaGamma(Array.from(spend.weight, (weight, i) => ({frequency: spend.frequency[i], monetary: spend.monetary[i], weight})));
    ggMs = performance.now() - t0;
    gg = {params: fit.params, converged: fit.converged, iterations: fit.iterations, logLikelihood: fit.logLikelihood, customers: fit.n, groups: fit.groups};
  }
  return {bg: {params: bg.params, converged: bg.converged, iterations: bg.iterations, logLikelihood: bg.logLikelihood, customers: bg.n, groups: bg.groups}, gg, ms: {bg: bgMs, gg: ggMs}};
}
