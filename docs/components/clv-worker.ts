// The lifetime-value page's model fits, off the page's thread (see clv-fit.ts).
import {runFits, type FitRequest, type FitResponse} from "./clv-fit.js";

addEventListener("message", (event: MessageEvent<FitRequest>) => {
  const {id, rfm, spend} = event.data;
  let response: FitResponse;
  try {
    response = {id, ok: true, ...runFits(rfm, spend)};
  } catch (error) {
    response = {id, ok: false, message: (error as Error).message};
  }
  postMessage(response);
});
