export * as forecast from "./forecast/index.js";
export {seasonalDecompose, weekdayIndex, trainLstm, forecastOneStep, forecastRecursive, forecastCategory, featureAblation, epochCurve, findDips, fitHoltWinters, REPORT_FORECAST_RMSE} from "./forecast/index.js";
export * as segment from "./segment/index.js";
export * as value from "./value/index.js";
export * as preference from "./preference/index.js";
export * as profile from "./profile/index.js";
export * as clv from "./clv/index.js";
export {fitBgNbd, fitGammaGamma} from "./clv/index.js";
