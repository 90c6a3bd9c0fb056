import type {DayRun} from "../period.js";
import type {RawFile} from "./tables.js";

/**
 * Why a raw row is not in the warehouse. Every row read ends in its table or in `quarantine` with
 * exactly one reason: the first that applies, in this order.
 */
export const QUARANTINE_REASONS = {
  blank_line: "an empty line between records (the CSV reader would skip it)",
  bad_encoding: "bytes that are not UTF-8 in an otherwise UTF-8 file",
  line_too_long: "a record longer than the reader's maximum line size",
  parse_error: "broken quoting: an unterminated quoted field or a quote followed by other text",
  wrong_column_count: "more or fewer fields than the header",
  missing_key: "an id (or Search2 date/keyword) is blank or NA",
  bad_number: "a numeric cell that is not a number (\"1,29\", \"abc\", \"1e3\")",
  bad_date: "SESS_DT is not a valid YYYYMMDD date",
  out_of_range_date: "SESS_DT outside the period read (by default any date from 1990 to 2099; --start/--end narrow it)",
  negative_amount: "a negative price, quantity, count or duration",
  absurd_amount: "a value above the column's plausible maximum (e.g. a unit price above 100,000,000 KRW)",
  out_of_range: "below the column's minimum (HITS_SEQ < 1, quantity or search count 0) or too large (a customer id above 2,147,483,647, a number beyond its type)",
  bad_gender: "CLNT_GENDER other than F or M",
  bad_age: "CLNT_AGE other than 10, 20, …, 80",
  bad_device: "DVC_CTG_NM other than desktop, mobile, tablet (or 1, 2, 3)",
  missing_value: "a required column is blank",
  field_too_long: "a text cell longer than the column's limit",
  hits_seq_1_notice: "HITS_SEQ = 1: excluded from analysis by the organisers' official notice",
  orphan_pd_c: "PD_C not in 06.Master",
  orphan_session: "(CLNT_ID, SESS_ID) not in 05.Session",
  duplicate_key: "a later row repeating the key of an earlier one (the first is kept)"
} as const;

export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

export interface FileReport {
  file: RawFile;
  label: string;
  path: string;
  bytes: number;
  /** Newline-separated lines in the file, header included (a quoted field may span several). */
  physicalLines: number;
  header: string[];
  /** Header columns the warehouse does not use. */
  extraColumns: string[];
  /** Data records after the header, blank lines included: rowsAccepted + rowsQuarantined. */
  rowsRead: number;
  rowsAccepted: number;
  rowsQuarantined: number;
  quarantined: Partial<Record<QuarantineReason, number>>;
  /** Rows repeating an earlier row's key (quarantined or, for the search files, kept). */
  duplicates: number;
  /** Rows whose session or product is missing. */
  orphans: number;
  /** Product lines whose price was read as thousands and multiplied by 1000. */
  priceScaled: number;
  /** NA cells per raw column over all parsed rows (blank, NA, NaN, NULL, N/A, None). */
  na: Record<string, number>;
  /** "(not set)" cells per raw text column. */
  notSet: Record<string, number>;
  warnings: string[];
  /** The JS pre-scan: header, encoding, line count (and blank lines when there are any). */
  prescanMs: number;
  /** DuckDB read, checks and table swap. */
  ms: number;
}

export interface WeatherReport {
  /** the file read, or null when no weather file applies */
  file: string | null;
  station: number;
  stationName: string | null;
  encoding: "utf-8" | "cp949" | null;
  /** days of the period with weather (0 when the models run without it) */
  days: number;
  /** where the file came from: given (--weather / LPOINT_WEATHER_FILE), the data folder, the bundled 2018 series, or none */
  origin: "given" | "data folder" | "bundled" | "none";
  /** first and last date the file has for the station */
  covers: {start: string; end: string} | null;
  /** why the models run without weather, when they do */
  note: string | null;
}

export interface PeriodReport {
  /** first and last session date accepted */
  start: string;
  end: string;
  days: number;
  /** the --start/--end bounds rows were checked against */
  bounds: {start: string; end: string};
  /** bounds given by the user (else the plausibility window) */
  narrowed: boolean;
  /** runs of ≥ 31 days without any session inside the period: likely mistyped dates */
  gaps: {from: string; to: string; days: number}[];
  /** runs of days without any session in data dense enough that they are gaps in the logs (src/period.ts) */
  missing: DayRun[];
  holidays: {source: string; knownYears: number[]; unknownYears: number[]};
}

export interface IngestReport {
  dbPath: string;
  dataDir: string;
  source: "synthetic" | "real";
  key: string;
  files: Record<RawFile, FileReport>;
  weather: WeatherReport;
  period: PeriodReport;
  calendarDays: number;
  /** notes for the reader (also on stderr): what the build could not use and why */
  notes: string[];
  ms: number;
}
