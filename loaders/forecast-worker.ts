// One forecast worker process (runForecasts with workers > 1): forecasts the categories each message
// names and sends the artifacts back. Logs go to stderr, as the loader's own.
import {runForecasts, type ForecastInput, type RunForecastOptions} from "./forecast.js";

process.on("message", async (m: {input: ForecastInput; options: RunForecastOptions}) => {
  try {
    const artifacts = await runForecasts(m.input, {...m.options, log: (s) => process.stderr.write(`${s}\n`)});
    const cpu = process.cpuUsage();
    process.send!({artifacts, cpuMs: (cpu.user + cpu.system) / 1000});
  } catch (e) {
    process.send!({error: (e as Error).stack ?? String(e)});
  }
});
// the parent is gone (killed build): stop rather than train for nobody
process.on("disconnect", () => process.exit(1));
