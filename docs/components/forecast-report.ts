// The report's published weekday-index table for women's clothing (its section 3), on the real
// April–September 2018 data: shown beside ours for that category only, never used as a result.
export const REPORT_WEEKDAY_TABLE = {
  category: "여성의류",
  /** the first days as printed: CMA and Y/CMA start on the 4th day (centred 7-term average) */
  rows: [
    {date: "2018-04-01", y: 238179870, cma: null, ratio: null},
    {date: "2018-04-02", y: 241964178, cma: null, ratio: null},
    {date: "2018-04-03", y: 218457560, cma: null, ratio: null},
    {date: "2018-04-04", y: 215549465, cma: 198390755, ratio: 1.08649},
    {date: "2018-04-05", y: 184853040, cma: 186787430, ratio: 0.98964},
    {date: "2018-04-06", y: 156493150, cma: 181405884, ratio: 0.86267},
    {date: "2018-04-07", y: 133238020, cma: 172908589, ratio: 0.77057},
    {date: "2018-04-08", y: 156956595, cma: 168931075, ratio: 0.92912}
  ] as const,
  /** mean Y/CMA per weekday, Sun..Sat, as printed (3 decimals; printed total 6.985) */
  means: [1.07, 1.086, 0.989, 1.019, 0.954, 0.923, 0.943] as const,
  /** the normalised indices, Sun..Sat, as printed (sum 7) */
  indices: [1.0727, 1.08882, 0.99089, 1.02074, 0.95626, 0.92538, 0.9452] as const
};

export const WEEKDAYS = ["Sun 일", "Mon 월", "Tue 화", "Wed 수", "Thu 목", "Fri 금", "Sat 토"] as const;
