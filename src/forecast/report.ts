/**
 * The report's published forecast accuracy (section 3), IN-SAMPLE: its LSTMs were trained on the whole
 * period and evaluated on the same days, so these are not comparable with our backtest's held-out errors.
 * RMSE in thousand KRW as printed; loss = the printed "Loss율" (MSE on min-max scaled revenue, in %).
 */
export interface ReportForecastRow {
  category: string;
  loss: number | null;
  rmse1Day: number;
  rmse1Week: number | null;
  rmse1Month: number | null;
  /** women's clothing only: one full-step RMSE without its horizon */
  rmseFullStep?: number;
}

export const REPORT_FORECAST_RMSE: readonly ReportForecastRow[] = [
  {category: "여성의류", loss: 0.05, rmse1Day: 4201.45417, rmse1Week: null, rmse1Month: null, rmseFullStep: 16261.71316},
  {category: "화장품/뷰티케어", loss: 0.1, rmse1Day: 6152, rmse1Week: 9073, rmse1Month: 13198},
  {category: "스포츠패션", loss: 0.04, rmse1Day: 3394, rmse1Week: 10779, rmse1Month: 7673},
  {category: "남성의류", loss: 0.33, rmse1Day: 6816, rmse1Week: 14324, rmse1Month: 13022},
  {category: "패션잡화", loss: 0.04, rmse1Day: 5857, rmse1Week: 4551, rmse1Month: 4363},
  {category: "속옷/양말/홈웨어", loss: 0.05, rmse1Day: 1143, rmse1Week: 2911, rmse1Month: 3468},
  {category: "유아동의류", loss: 0.08, rmse1Day: 2790, rmse1Week: 16271, rmse1Month: 19377},
  {category: "시즌스포츠", loss: 0.04, rmse1Day: 1707, rmse1Week: 3829, rmse1Month: 11081},
  {category: "출산/육아용품", loss: 0.06, rmse1Day: 1049, rmse1Week: 2642, rmse1Month: 2055},
  // personal care and health food print the same 1-week RMSE (7,772): kept as printed
  {category: "퍼스널케어", loss: 0.11, rmse1Day: 1024, rmse1Week: 7772, rmse1Month: 7727},
  {category: "건강식품", loss: 0.04, rmse1Day: 3969, rmse1Week: 7772, rmse1Month: 14172}
];

/** The report's feature-selection losses (%), top to bottom, as printed; the table's feature marks did not survive extraction. */
export const REPORT_ABLATION_LOSSES: readonly number[] = [1.01, 0.88, 0.84, 0.77, 0.74, 0.57, 0.47, 0.21];

/** The report's chosen epochs (validation loss turning up at about 300) and the 150 used for feature selection. */
export const REPORT_EPOCHS = {training: 300, featureSearch: 150} as const;
