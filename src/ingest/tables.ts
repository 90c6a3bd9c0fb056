/**
 * The warehouse contract: typed, cleaned tables that every loader queries.
 * Built once per data version by loaders/warehouse.ts from the six competition files
 * (or their synthetic twin), the weather series and the holiday calendar.
 * Column names are lower-case versions of the raw ones; ids are integers (zero padding removed).
 */
export const WAREHOUSE_DDL = `
CREATE TABLE product (          -- 01.Product, one row per purchased item line; HITS_SEQ = 1 rows excluded (official notice)
  line_no BIGINT NOT NULL,      -- 1-based data row number in the raw file (header excluded)
  clnt_id BIGINT NOT NULL,
  sess_id BIGINT NOT NULL,
  hits_seq INTEGER NOT NULL,
  pd_c INTEGER NOT NULL,
  pd_add_nm VARCHAR,
  pd_bra_nm VARCHAR,
  pd_buy_am DOUBLE NOT NULL,    -- unit price in KRW, after the thousands-unit correction
  pd_buy_ct INTEGER NOT NULL,
  price_scaled BOOLEAN NOT NULL -- true where the raw price was recorded in thousands and multiplied by 1000
);
CREATE TABLE search1 (clnt_id BIGINT NOT NULL, sess_id BIGINT NOT NULL, kwd_nm VARCHAR NOT NULL, search_cnt INTEGER NOT NULL);
CREATE TABLE search2 (sess_dt DATE NOT NULL, kwd_nm VARCHAR NOT NULL, search_cnt INTEGER NOT NULL);
CREATE TABLE custom (clnt_id BIGINT NOT NULL, gender VARCHAR NOT NULL, age INTEGER NOT NULL);  -- gender 'F' | 'M'; age band 10..80
CREATE TABLE session (
  clnt_id BIGINT NOT NULL, sess_id BIGINT NOT NULL, sess_seq INTEGER NOT NULL, sess_dt DATE NOT NULL,
  tot_pag_view_ct INTEGER,      -- NULL where the raw cell is NA
  tot_sess_hr_v INTEGER,        -- seconds; NULL where blank
  dvc_ctg_nm VARCHAR NOT NULL, zon_nm VARCHAR NOT NULL, city_nm VARCHAR NOT NULL
);
CREATE TABLE master (pd_c INTEGER NOT NULL, pd_nm VARCHAR NOT NULL, clac1_nm VARCHAR NOT NULL, clac2_nm VARCHAR NOT NULL, clac3_nm VARCHAR NOT NULL);
CREATE TABLE weather (            -- every day of the period, or no row when no weather applies
  date DATE NOT NULL, temp_mean DOUBLE NOT NULL, precip_mm DOUBLE NOT NULL, station INTEGER NOT NULL, source VARCHAR NOT NULL);
CREATE TABLE calendar (date DATE NOT NULL, weekday INTEGER NOT NULL, holiday BOOLEAN NOT NULL, day_off BOOLEAN NOT NULL, name VARCHAR, name_en VARCHAR, known BOOLEAN NOT NULL);  -- weekday 0 = Sunday; known: the holiday list covers the day's year
CREATE TABLE period (            -- one row: the data's own period, first to last accepted session date
  start_date DATE NOT NULL, end_date DATE NOT NULL, days INTEGER NOT NULL,
  split_date DATE,               -- first day of the migration's second half; NULL for a one-month period
  holidays_known BOOLEAN NOT NULL, -- the holiday list covers every year of the period
  weather BOOLEAN NOT NULL       -- the weather table has every day of the period
);
CREATE TABLE quarantine (file VARCHAR NOT NULL, line_no BIGINT, reason VARCHAR NOT NULL, raw VARCHAR, detail VARCHAR);  -- file: product|search1|…; line_no: data row (header excluded); raw cut to 2000 chars
CREATE TABLE reconciliation (file VARCHAR NOT NULL, rows_read BIGINT NOT NULL, rows_accepted BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL);
CREATE TABLE na_counts (file VARCHAR NOT NULL, column_name VARCHAR NOT NULL, na BIGINT NOT NULL, not_set BIGINT NOT NULL);  -- over all parsed rows; not_set: "(not set)" cells
CREATE TABLE meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL);  -- source: synthetic|real, data_version, seed, scale, built_at (data date, not wall clock)
`;

/**
 * One row per purchased line with everything most analyses need. Lines whose session or product
 * is missing are already quarantined, so inner joins lose nothing here.
 */
export const LINE_VIEW = `
CREATE VIEW line AS
SELECT p.clnt_id, p.sess_id, p.line_no, p.pd_c, p.pd_buy_am, p.pd_buy_ct, p.pd_buy_am * p.pd_buy_ct AS amount,
       s.sess_dt, s.tot_pag_view_ct, s.tot_sess_hr_v, s.dvc_ctg_nm, s.zon_nm,
       m.clac1_nm, m.clac2_nm, c.gender, c.age
FROM product p
JOIN session s USING (clnt_id, sess_id)
JOIN master m USING (pd_c)
LEFT JOIN custom c USING (clnt_id);
`;

export const RAW_FILES = ["product", "search1", "search2", "custom", "session", "master"] as const;
export type RawFile = (typeof RAW_FILES)[number];
