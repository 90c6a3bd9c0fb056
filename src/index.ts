export * as forecast from "./forecast/index.js";
export {seasonalDecompose, weekdayIndex, trainLstm, forecastOneStep, forecastRecursive, forecastCategory, featureAblation, epochCurve, findDips, fitHoltWinters, REPORT_FORECAST_RMSE} from "./forecast/index.js";
